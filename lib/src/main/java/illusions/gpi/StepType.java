package illusions.gpi;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which way a step goes, given the gradient g of the ascended loss (the robustness library's step
 * family). Each sample is normalized on its own. {@link StepRule} combines a step type with a
 * {@link Projection} into the update that GPI and adversarial training share.
 */
public enum StepType {
    /** g / (||g||_2 + stabilizer), the norm over C*H*W of one sample: the reference's GPI step. */
    L2 {
        @Override
        public Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g, float normStabilizer) {
            return tf.math.div(g, tf.math.add(GpiStep.perSampleL2(tf, g, true), tf.constant(normStabilizer)));
        }
    },
    /** sign(g), the L-infinity steepest-ascent step. */
    LINF {
        @Override
        public Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g, float normStabilizer) {
            return tf.math.sign(g);
        }
    },
    /** g itself, unnormalized. */
    UNCONSTRAINED {
        @Override
        public Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g, float normStabilizer) {
            return g;
        }
    };

    /** What the L2 step adds to ||g||_2 before dividing: the reference's and the robustness library's 1e-10. */
    public static final float NORM_STABILIZER = 1e-10f;

    /** The direction with the reference's {@link #NORM_STABILIZER}. */
    public Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g) {
        return direction(tf, g, NORM_STABILIZER);
    }

    /** The direction; {@code normStabilizer} is added to ||g||_2 by {@link #L2} and ignored by the others. */
    public abstract Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g, float normStabilizer);

    public static StepType parse(String s) {
        return switch (s.toLowerCase()) {
            case "l2" -> L2;
            case "linf" -> LINF;
            case "unconstrained" -> UNCONSTRAINED;
            default -> throw new IllegalArgumentException("unknown step type '" + s + "'; use l2, linf or unconstrained");
        };
    }

    public String cliName() {
        return name().toLowerCase();
    }
}
