package illusions.gpi;

import illusions.model.ClassifierModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.op.Ops;

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
        // -CE(z, onehot(y0)) = log p(y0 | x)
        return new TargetedLoss(tf, classes, target -> tf.math.neg(tf.nn.softmaxCrossEntropyWithLogits(model.logits(), target).loss()),
                (m, x0, norm, summary) -> {
                    float[] z0 = m.forward(x0, norm, "logits").get("logits").data();
                    float[] t = new float[x0.n() * classes];
                    for (int i = 0; i < x0.n(); i++) {
                        int best = 0;
                        for (int c = 1; c < classes; c++) if (z0[i * classes + c] > z0[i * classes + best]) best = c;
                        t[i * classes + best] = 1f;
                        summary.add("[" + best + "]");
                    }
                    return t;
                });
    }
}
