package illusions.gpi;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The set the image is kept in around its start x0, before the final clamp to [0,1]. The
 * reference uses the L-infinity box whatever the step type.
 */
public enum Projection {
    /** clamp(x - x0, -eps, eps) + x0: the reference. */
    LINF {
        @Override
        public Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Operand<TFloat32> x0, Operand<TFloat32> eps) {
            Operand<TFloat32> d = tf.clipByValue(tf.math.sub(x, x0), tf.math.neg(eps), eps);
            return tf.math.add(x0, d);
        }
    },
    /** x0 + (x - x0) * min(1, eps / ||x - x0||_2), per sample (the robustness library's L2 ball). */
    L2 {
        @Override
        public Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Operand<TFloat32> x0, Operand<TFloat32> eps) {
            Operand<TFloat32> d = tf.math.sub(x, x0);
            Operand<TFloat32> norm = GpiStep.perSampleL2(tf, d, true);
            Operand<TFloat32> scale = tf.math.minimum(tf.constant(1f),
                    tf.math.div(eps, tf.math.add(norm, tf.constant(1e-12f))));
            return tf.math.add(x0, tf.math.mul(d, scale));
        }
    },
    /** No constraint but [0,1]. */
    NONE {
        @Override
        public Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Operand<TFloat32> x0, Operand<TFloat32> eps) {
            return x;
        }
    };

    /** x kept within radius {@code eps} (a scalar, constant or fed) of x0, per sample; [0,1] is {@link StepRule}'s. */
    public abstract Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, Operand<TFloat32> x0, Operand<TFloat32> eps);

    public static Projection parse(String s) {
        return switch (s.toLowerCase()) {
            case "linf", "box" -> LINF;
            case "l2" -> L2;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown projection '" + s + "'; use linf, l2 or none");
        };
    }

    public String cliName() {
        return name().toLowerCase();
    }
}
