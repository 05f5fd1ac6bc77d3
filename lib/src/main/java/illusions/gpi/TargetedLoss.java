package illusions.gpi;

import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The loss of an objective that fixes, once per run from x_0, a target row per sample over the
 * classes (IncreaseConfidence's least likely classes, TopClass's class at x_0, GradModulation's
 * crop-averaged least likely classes): the target is a placeholder fed on every step.
 */
final class TargetedLoss implements Objective.Loss {
    /** Computes the [n * classes] target rows of a batch, adding one summary entry per sample. */
    interface Targets {
        float[] compute(ClassifierModel model, Batch x0, InputNormalization norm, List<String> summary);
    }

    private final Operand<TFloat32> perSample;
    private final RunConstant value;
    private final Targets targets;
    private final int classes;
    private final List<String> summary = new ArrayList<>();

    /** @param lossOfTarget the per-sample loss, given the target placeholder [N, classes] */
    TargetedLoss(Ops tf, int classes, Function<Operand<TFloat32>, Operand<TFloat32>> lossOfTarget, Targets targets) {
        Placeholder<TFloat32> target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        this.perSample = lossOfTarget.apply(target);
        this.value = new RunConstant(target);
        this.targets = targets;
        this.classes = classes;
    }

    @Override
    public Operand<TFloat32> perSample() {
        return perSample;
    }

    @Override
    public void prepare(ClassifierModel m, Batch x0, InputNormalization norm, List<NoiseSource> noise) {
        summary.clear();
        float[] t = targets.compute(m, x0, norm, summary);
        value.set(TFloat32.tensorOf(Shape.of(x0.n(), classes), DataBuffers.of(t, true, false)));
    }

    @Override
    public void feed(Session.Runner runner) {
        value.feed(runner);
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public List<String> preparedSummary() {
        return summary;
    }
}
