package illusions.gpi;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One projected gradient step on the input, built into a graph: the rule that GPI ({@link GpiStep})
 * and L2-PGD adversarial training ({@code illusions.train.TrainingGraph}) share, as the robustness
 * library's attack steps serve both training and generation:
 * <pre>
 *   x' = clamp01(projection(x + step_size * stepType.direction(g), x0, eps))
 * </pre>
 * GPI adds its Langevin noise and its modulation between {@link #step} and {@link #project}.
 *
 * @param stepType       the direction of the step
 * @param projection     the set around x0 the image is kept in
 * @param normStabilizer what the L2 step adds to ||g||_2 before dividing (see {@link StepType#NORM_STABILIZER})
 */
public record StepRule(StepType stepType, Projection projection, float normStabilizer) {

    public StepRule {
        if (stepType == null || projection == null) throw new IllegalArgumentException("a step rule needs a step type and a projection");
        if (!(normStabilizer > 0) || !Float.isFinite(normStabilizer)) {
            throw new IllegalArgumentException("the norm stabilizer must be positive and finite, got " + normStabilizer);
        }
    }

    /** GPI's rule: the reference's stabilizer 1e-10. */
    public static StepRule of(StepType stepType, Projection projection) {
        return new StepRule(stepType, projection, StepType.NORM_STABILIZER);
    }

    /** {@code stepType.direction(g)}: the unscaled direction of the move. */
    public Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g) {
        return stepType.direction(tf, g, normStabilizer);
    }

    /** {@code stepSize * direction(g)}: the move before any noise and projection. */
    public Operand<TFloat32> step(Ops tf, Operand<TFloat32> g, Operand<TFloat32> stepSize) {
        return scaled(tf, direction(tf, g), stepSize);
    }

    /** {@code stepSize * direction}, for a direction already built by {@link #direction}. */
    public Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> direction, Operand<TFloat32> stepSize) {
        return tf.math.mul(stepSize, direction);
    }

    /** {@code clamp01(projection(x, x0, eps))}. */
    public Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Operand<TFloat32> x0, Operand<TFloat32> eps) {
        return tf.clipByValue(projection.project(tf, x, x0, eps), tf.constant(0f), tf.constant(1f));
    }

    /** The whole update without noise: {@code project(x + step(g), x0, eps)} (one PGD step). */
    public Operand<TFloat32> update(Ops tf, Operand<TFloat32> x, Operand<TFloat32> g, Operand<TFloat32> x0,
            Operand<TFloat32> stepSize, Operand<TFloat32> eps) {
        return project(tf, tf.math.add(x, step(tf, g, stepSize)), x0, eps);
    }
}
