package illusions.gpi;

import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Ascends log p(y0|x) where y0 is the class the network sees at x_0 (its top class, fixed once per
 * sample): {@link TargetClass} without naming the class, so that every stimulus is pushed towards
 * what the network already takes it for. With few classes the reference's IncreaseConfidence uses
 * k = classes/10 = 1 least likely class, a weak objective; this is its natural counterpart.
 */
public final class TopClass implements Objective {
    @Override
    public String describe() {
        return "TopClass(class at x_0)";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "top-class");
        return m;
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        int classes = model.numClasses();
        Placeholder<TFloat32> target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        // -CE(z, onehot(y0)) = log p(y0 | x)
        Operand<TFloat32> loss = tf.math.neg(tf.nn.softmaxCrossEntropyWithLogits(model.logits(), target).loss());
        RunConstant targetValue = new RunConstant(target);
        return new Loss() {
            final List<String> summary = new ArrayList<>();

            @Override
            public Operand<TFloat32> perSample() {
                return loss;
            }

            @Override
            public void prepare(ClassifierModel m, Batch x0, InputNormalization norm, List<NoiseSource> noise) {
                float[] z0 = m.forward(x0, norm, "logits").get("logits").data();
                int n = x0.n();
                float[] t = new float[n * classes];
                summary.clear();
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) if (z0[i * classes + c] > z0[i * classes + best]) best = c;
                    t[i * classes + best] = 1f;
                    summary.add("[" + best + "]");
                }
                targetValue.set(TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(t, true, false)));
            }

            @Override
            public void feed(Session.Runner runner) {
                targetValue.feed(runner);
            }

            @Override
            public void close() {
                targetValue.close();
            }

            @Override
            public List<String> preparedSummary() {
                return summary;
            }
        };
    }
}
