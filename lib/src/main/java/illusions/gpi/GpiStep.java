package illusions.gpi;

import illusions.model.ClassifierModel;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One GPI update, built into the model's graph so that an iteration is a single session run.
 *
 * <p>The reference (toosi/Generative_Inference_Perception, {@code generative_inference}), with
 * the workbench's names:
 * <pre>
 *   x_0 = image                                   (iteration 0 makes no update)
 *   g   = dLoss/dx                                objective.perSample() summed, or its custom direction
 *   x  &lt;- x + step_size * g / (||g||_2 + 1e-10) * m    stepType.direction(g); L2 over C*H*W, per sample
 *          + diffusion_noise * N(0, I) * m        noise: fed, drawn per sample from its seed; m = 1 but
 *                                                 for GradModulation, whose mask m confines the update
 *   x  &lt;- clamp(x - x_0, -eps, +eps) + x_0        projection.project(x, x_0, eps)
 *   x  &lt;- clamp(x, 0, 1)
 * </pre>
 * The step and the projection are {@link StepRule}'s, the same rule as L2-PGD adversarial training's.
 */
final class GpiStep {
    final Output<TFloat32> x;
    final Placeholder<TFloat32> x0;
    final Placeholder<TFloat32> noise;
    /** Per-pixel multiplier of the step and the noise, [N,H,W,1]: ones, or GradModulation's mask. */
    final Placeholder<TFloat32> modulation;
    final Objective.Loss loss;
    final Operand<TFloat32> gradient;
    /** stepType.direction(g): the unscaled, unmodulated update direction. */
    final Operand<TFloat32> direction;
    final Operand<TFloat32> xNext;
    final Operand<TFloat32> gradNorm;
    final Operand<TFloat32> gradMagnitude;
    /**
     * Non-null when x is the network's normalized input rather than its image input: runs without
     * dataset normalization, where (x - 0) / 1 is x bit for bit ({@link ClassifierModel#exactNormalizedInput}),
     * so the normalization and its gradient are skipped. TensorFlow still runs the fed tensor's op and
     * what it reads, though nothing uses them, so the model's image input must then be fed
     * {@link #imageStandIn}, a one-pixel stand-in that makes them free.
     */
    final Output<TFloat32> normalizedX;

    /** A [1,1,1,3] image for the model's image input when x is {@link #normalizedX}; the caller closes it. */
    static org.tensorflow.types.TFloat32 imageStandIn() {
        return TFloat32.tensorOf(Shape.of(1, 1, 1, 3));
    }
    /**
     * The update without the modulation: the same ops with the two multiplications by m left out, for
     * batches where m is all ones (x * 1 = x for every float, so the values are those of xNext).
     */
    final Operand<TFloat32> xNextUnmodulated;

    GpiStep(ClassifierModel model, Objective objective, StepType stepType, Projection projection,
            float stepSize, float eps, float diffusionNoise) {
        this(model, objective, stepType, projection, stepSize, eps, diffusionNoise, false);
    }

    /**
     * {@code skipNormalization}: the caller runs without dataset normalization, so the gradient may be
     * taken at the normalized input when that is x bit for bit (see {@link #normalizedX}).
     */
    GpiStep(ClassifierModel model, Objective objective, StepType stepType, Projection projection,
            float stepSize, float eps, float diffusionNoise, boolean skipNormalization) {
        Ops tf = Ops.create(model.graph()).withSubScope("gpi");
        Output<TFloat32> image = model.image();
        x0 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        noise = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        modulation = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
        loss = objective.build(tf, model);

        Operand<TFloat32> g = loss.customGradient();
        Output<TFloat32> nx = null;
        if (g == null) {
            // d/dx of the network at (x - 0) / 1 is d/d(its input): the same numbers, two ops and their gradients fewer.
            nx = skipNormalization ? model.exactNormalizedInput() : null;
            @SuppressWarnings("unchecked")
            Output<TFloat32> dx = (Output<TFloat32>) model.graph().addGradients(
                    tf.reduceSum(loss.perSample(), tf.constant(0)).asOutput(), new Output<?>[] {nx != null ? nx : image})[0];
            g = dx;
        }
        normalizedX = nx;
        x = nx != null ? nx : image;
        gradient = g;

        // The step rule adversarial training uses too, with the noise and the modulation in between.
        // x * 1 is exact in floating point, so unmodulated runs are bit-identical to the plain update.
        // Ops are made in the order they always were (the step-size constant, then the direction), so that
        // the graph, its op names and its fp32 results are unchanged.
        StepRule rule = StepRule.of(stepType, projection);
        Operand<TFloat32> stepSizeConstant = tf.constant(stepSize);
        direction = rule.direction(tf, g);
        Operand<TFloat32> stepped = tf.math.add(x, tf.math.mul(rule.scaled(tf, direction, stepSizeConstant), modulation));
        Operand<TFloat32> noisy = tf.math.add(stepped, tf.math.mul(tf.math.mul(tf.constant(diffusionNoise), noise), modulation));
        xNext = rule.project(tf, noisy, x0, tf.constant(eps));

        gradNorm = tf.reshape(perSampleL2(tf, g, false), tf.constant(new int[] {-1}));
        gradMagnitude = tf.math.sqrt(tf.reduceSum(tf.math.square(g), tf.constant(3)));

        // Made last, so that every op above keeps the name it always had.
        Operand<TFloat32> steppedPlain = tf.math.add(x, rule.scaled(tf, direction, stepSizeConstant));
        Operand<TFloat32> noisyPlain = tf.math.add(steppedPlain, tf.math.mul(tf.constant(diffusionNoise), noise));
        xNextUnmodulated = rule.project(tf, noisyPlain, x0, tf.constant(eps));
    }

    /** ||v||_2 over all but the batch axis, shape [N,1,1,1] (keepDims) or [N]. */
    static Operand<TFloat32> perSampleL2(Ops tf, Operand<TFloat32> v, boolean keepDims) {
        return tf.math.sqrt(tf.reduceSum(tf.math.square(v), tf.constant(new int[] {1, 2, 3}),
                ReduceSum.keepDims(keepDims)));
    }
}
