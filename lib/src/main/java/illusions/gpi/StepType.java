package illusions.gpi;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which way a step goes, given the gradient g of the ascended loss (the robustness library's step
 * family). Each sample is normalized on its own.
 */
public enum StepType {
    /** g / (||g||_2 + 1e-10), the norm over C*H*W of one sample: the reference's GPI step. */
    L2 {
        @Override
        Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g) {
            return tf.math.div(g, tf.math.add(GpiStep.perSampleL2(tf, g, true), tf.constant(1e-10f)));
        }
    },
    /** sign(g), the L-infinity steepest-ascent step. */
    LINF {
        @Override
        Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g) {
            return tf.math.sign(g);
        }
    },
    /** g itself, unnormalized. */
    UNCONSTRAINED {
        @Override
        Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g) {
            return g;
        }
    };

    abstract Operand<TFloat32> direction(Ops tf, Operand<TFloat32> g);

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
