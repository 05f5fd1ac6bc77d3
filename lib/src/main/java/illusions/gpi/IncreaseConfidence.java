package illusions.gpi;

import illusions.model.ClassifierModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The reference's IncreaseConfidence loss (used for the Kanizsa square): once, from x0, take the
 * k least likely classes (k = classes/10 by default, 100 for ImageNet); the loss is the mean over
 * those classes of the cross-entropy of the logits against each class (or the MSE of the logits
 * to its one-hot vector). Ascending it pushes the image away from the least likely classes, that
 * is, towards what the network finds likely.
 */
public final class IncreaseConfidence implements Objective {
    /** How the distance to each least-likely class is measured. */
    public enum Measure { CE, MSE }

    private final Integer k;
    private final Measure measure;

    /** @param k number of least likely classes, or null for classes/10 */
    public IncreaseConfidence(Integer k, Measure measure) {
        if (k != null && k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
        this.k = k;
        this.measure = measure;
    }

    public IncreaseConfidence() {
        this(null, Measure.CE);
    }

    public int k(int numClasses) {
        int kk = k != null ? k : Math.max(1, numClasses / 10);
        if (kk > numClasses) {
            throw new IllegalArgumentException("--k " + kk + " exceeds the model's " + numClasses + " classes");
        }
        return kk;
    }

    @Override
    public String describe() {
        return "IncreaseConfidence(k=" + (k == null ? "classes/10" : k) + ", " + measure + ")";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "increase-confidence");
        m.put("k", k == null ? "classes/10" : k);
        m.put("loss_function", measure.name());
        return m;
    }

    /** The k smallest entries of {@code logits} (least likely classes), ties broken by index. */
    public static int[] leastLikely(float[] logits, int k) {
        Integer[] idx = new Integer[logits.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[a], logits[b]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        int classes = model.numClasses();
        int kk = k(classes);
        Operand<TFloat32> z = model.logits();
        return new TargetedLoss(tf, classes, target -> {
            if (measure == Measure.CE) {
                // Soft labels 1/k on the chosen classes: CE = -(1/k) sum_c log p_c = mean over c of CE(z, c).
                return tf.nn.softmaxCrossEntropyWithLogits(z, target).loss();
            }
            // mean_c mean_j (z_j - [j==c])^2 = mean_j z_j^2 - (2/C) mean_c z_c + 1/C.
            Operand<TFloat32> sq = tf.math.mean(tf.math.square(z), tf.constant(1));
            Operand<TFloat32> chosen = tf.reduceSum(tf.math.mul(z, target), tf.constant(1));
            return tf.math.add(tf.math.sub(sq, tf.math.mul(tf.constant(2f / classes), chosen)), tf.constant(1f / classes));
        }, (m, x0, norm, summary) -> {
            float[] z0 = m.forward(x0, norm, "logits").get("logits").data();
            float[] t = new float[x0.n() * classes];
            for (int i = 0; i < x0.n(); i++) {
                int[] ll = leastLikely(Arrays.copyOfRange(z0, i * classes, (i + 1) * classes), kk);
                for (int c : ll) t[i * classes + c] = 1f / kk;
                summary.add(Arrays.toString(ll));
            }
            return t;
        });
    }
}
