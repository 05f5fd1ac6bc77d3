package illusions.gpi;

import static org.junit.jupiter.api.Assertions.*;

import illusions.model.Tensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

public class StepRuleTest {
    static final int N = 2, H = 4, W = 5, PER = H * W * 3;

    /** {@code rule.update(x, g, x0, stepSize, eps)} evaluated in a graph of its own, on fed [N,H,W,3] arrays. */
    public static float[] update(StepRule rule, float[] x, float[] g, float[] x0, int n, int h, int w, float stepSize,
            float eps) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Shape shape = Shape.of(n, h, w, 3);
            Placeholder<TFloat32> px = tf.placeholder(TFloat32.class), pg = tf.placeholder(TFloat32.class),
                    p0 = tf.placeholder(TFloat32.class), pa = tf.placeholder(TFloat32.class), pe = tf.placeholder(TFloat32.class);
            Operand<TFloat32> out = rule.update(tf, px, pg, p0, pa, pe);
            try (TFloat32 tx = TFloat32.tensorOf(shape, DataBuffers.of(x, true, false));
                    TFloat32 tg = TFloat32.tensorOf(shape, DataBuffers.of(g, true, false));
                    TFloat32 t0 = TFloat32.tensorOf(shape, DataBuffers.of(x0, true, false));
                    TFloat32 ta = TFloat32.scalarOf(stepSize); TFloat32 te = TFloat32.scalarOf(eps);
                    Result r = session.runner().feed(px, tx).feed(pg, tg).feed(p0, t0).feed(pa, ta).feed(pe, te).fetch(out).run()) {
                return Tensors.read((TFloat32) r.get(0)).data();
            }
        }
    }

    static float[] random(long seed, double from, double to) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[N * PER];
        for (int i = 0; i < v.length; i++) v[i] = (float) (from + (to - from) * r.nextDouble());
        return v;
    }

    /** The robustness library's L2 step and L2 ball in plain Java, per sample, then [0,1]. */
    static float[] expectedL2(float[] x, float[] g, float[] x0, float a, float eps, double stabilizer) {
        float[] out = new float[x.length];
        for (int s = 0; s < N; s++) {
            double gn = 0;
            for (int j = 0; j < PER; j++) gn += (double) g[s * PER + j] * g[s * PER + j];
            gn = Math.sqrt(gn);
            double[] d = new double[PER];
            double dn = 0;
            for (int j = 0; j < PER; j++) {
                int i = s * PER + j;
                d[j] = x[i] + a * g[i] / (gn + stabilizer) - x0[i];
                dn += d[j] * d[j];
            }
            double scale = Math.min(1, eps / (Math.sqrt(dn) + 1e-12));
            for (int j = 0; j < PER; j++) out[s * PER + j] = (float) Math.max(0, Math.min(1, x0[s * PER + j] + d[j] * scale));
        }
        return out;
    }

    @Test
    void theL2RuleOnAKnownGradientIsTheRobustnessLibrarysStepAndBall() {
        float[] x0 = random(1, 0.1, 0.9), g = random(2, -1, 1);
        float[] x = x0.clone();
        x[3] += 0.05f; // a start off x0, as after a random start
        for (float eps : new float[] {0.1f, 10f}) { // the ball active, and not
            float[] got = update(StepRule.of(StepType.L2, Projection.L2), x, g, x0, N, H, W, 0.4f, eps);
            assertArrayEquals(expectedL2(x, g, x0, 0.4f, eps, 1e-10), got, 1e-6f, "eps " + eps);
            for (int s = 0; s < N; s++) {
                double dn = 0;
                for (int j = 0; j < PER; j++) dn += Math.pow(got[s * PER + j] - x0[s * PER + j], 2);
                if (eps < 1) assertEquals(eps, Math.sqrt(dn), 1e-5, "the ball is active: the step ends on its surface");
                else assertEquals(0.4, Math.sqrt(dn), 0.06, "a free step moves by the step size");
            }
        }
    }

    @Test
    void theLinfRuleClampsEachPixelToTheBox() {
        float[] x0 = random(3, 0.1, 0.9), g = random(4, -1, 1);
        float[] got = update(StepRule.of(StepType.LINF, Projection.LINF), x0, g, x0, N, H, W, 0.5f, 0.03f);
        for (int i = 0; i < got.length; i++) {
            float want = Math.max(0f, Math.min(1f, x0[i] + Math.signum(g[i]) * 0.03f));
            assertEquals(want, got[i], 1e-6f, "pixel " + i);
        }
    }

    /**
     * Why training keeps its own stabilizer: for a gradient norm below 2^-9, ||g|| + 1e-10 and
     * ||g|| + 1e-12 are different floats, so the steps differ; above it both are ||g|| itself.
     */
    @Test
    void theNormStabilizerChangesTheStepOnlyForSmallGradients() {
        float[] x0 = random(5, 0.3, 0.7), unit = random(6, -1, 1);
        for (double norm : new double[] {1e-3, 0.1}) {
            float[] g = unit.clone();
            for (int s = 0; s < N; s++) {
                double n = 0;
                for (int j = 0; j < PER; j++) n += (double) g[s * PER + j] * g[s * PER + j];
                for (int j = 0; j < PER; j++) g[s * PER + j] *= (float) (norm / Math.sqrt(n));
            }
            float[] gpi = update(new StepRule(StepType.L2, Projection.NONE, 1e-10f), x0, g, x0, N, H, W, 0.01f, 1f);
            float[] pgd = update(new StepRule(StepType.L2, Projection.NONE, 1e-12f), x0, g, x0, N, H, W, 0.01f, 1f);
            if (norm < 0x1p-9) {
                assertFalse(java.util.Arrays.equals(gpi, pgd), "at ||g|| = " + norm + " the stabilizers give other steps");
                float n = (float) norm;
                assertNotEquals(n + 1e-10f, n + 1e-12f);
            } else {
                assertArrayEquals(gpi, pgd, "at ||g|| = " + norm + " the stabilizer vanishes in float32");
            }
        }
    }

    @Test
    void aRuleNeedsAPositiveStabilizer() {
        assertThrows(IllegalArgumentException.class, () -> new StepRule(StepType.L2, Projection.L2, 0f));
        assertThrows(IllegalArgumentException.class, () -> new StepRule(null, Projection.L2, 1e-10f));
        assertEquals(StepType.NORM_STABILIZER, StepRule.of(StepType.L2, Projection.LINF).normStabilizer());
    }
}
