package illusions.gpi;

import illusions.model.ClassifierModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Ascends log p(y|x) for one class y: by the paper's argument, an approximate step along the
 * score of p(x|y) for a robust network.
 */
public final class TargetClass implements Objective {
    private final int classIndex;

    public TargetClass(int classIndex) {
        if (classIndex < 0) throw new IllegalArgumentException("--target-class must be >= 0, got " + classIndex);
        this.classIndex = classIndex;
    }

    @Override
    public String describe() {
        return "TargetClass(" + classIndex + ")";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "target");
        m.put("target_class", classIndex);
        return m;
    }

    /** log p(c|x) per sample, [N]. */
    static Operand<TFloat32> logProbability(Ops tf, ClassifierModel model, int c) {
        if (c >= model.numClasses()) {
            throw new IllegalArgumentException("class " + c + " does not exist: the model has " + model.numClasses()
                    + " classes (0.." + (model.numClasses() - 1) + ")");
        }
        Operand<TFloat32> logp = tf.nn.logSoftmax(model.logits());
        return tf.squeeze(tf.gather(logp, tf.constant(new int[] {c}), tf.constant(1)),
                org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        Operand<TFloat32> loss = logProbability(tf, model, classIndex);
        return () -> loss;
    }
}
