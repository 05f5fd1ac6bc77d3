package illusions.gpi;

import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The reference's PGDD loss (older name ReverseDiffusion; used for Rubin's vase and most other
 * illusions): once, before the loop, r' = f(x0 + sigma * N(0,I)) where f is the network up to
 * {@code layer} and sigma the initial inference noise; never resampled. Loss = mean squared
 * difference between f(x_t) and r', ascended.
 */
public final class Pgdd implements Objective {
    private final String layer;
    private final float initialNoise;

    /** @param layer a tap ({@code layer3}, {@code layer4}, ...) or {@code logits} (the reference's "all") */
    public Pgdd(String layer, float initialNoise) {
        if (!(initialNoise >= 0f) || !Float.isFinite(initialNoise)) {
            throw new IllegalArgumentException("--init-noise must be a finite number >= 0, got " + initialNoise);
        }
        this.layer = "all".equals(layer) ? "logits" : layer;
        this.initialNoise = initialNoise;
    }

    public String layer() {
        return layer;
    }

    @Override
    public String describe() {
        return "PGDD(layer=" + layer + ", initial noise=" + initialNoise + ")";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "pgdd");
        m.put("layer", layer);
        m.put("initial_noise", initialNoise);
        return m;
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        Output<TFloat32> f = model.output(layer);
        int rank = f.shape().numDimensions();
        Placeholder<TFloat32> target = tf.placeholder(TFloat32.class);
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        Operand<TFloat32> loss = tf.math.mean(tf.math.squaredDifference(f, target), tf.constant(axes));
        RunConstant targetValue = new RunConstant(target);
        return new Loss() {

            @Override
            public Operand<TFloat32> perSample() {
                return loss;
            }

            @Override
            public void prepare(ClassifierModel m, Batch x0, InputNormalization norm, List<NoiseSource> noise) {
                float[] noisy = x0.data();
                float[] eps = new float[x0.sampleSize()];
                for (int i = 0; i < x0.n(); i++) {
                    noise.get(i).fill(eps, 0, eps.length);
                    for (int j = 0; j < eps.length; j++) noisy[i * eps.length + j] += initialNoise * eps[j];
                }
                Batch b = new Batch(x0.n(), x0.height(), x0.width(), noisy);
                TensorValue r = m.forward(b, norm, layer).get(layer);
                targetValue.set(TFloat32.tensorOf(Shape.of(r.shape()), DataBuffers.of(r.data(), true, false)));
            }

            @Override
            public void feed(Session.Runner runner) {
                targetValue.feed(runner);
            }

            @Override
            public void close() {
                targetValue.close();
            }
        };
    }
}
