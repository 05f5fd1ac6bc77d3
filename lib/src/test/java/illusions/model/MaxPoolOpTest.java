package illusions.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stem's max-pool as TensorFlow's {@code MaxPool} (V1) or {@code MaxPoolV2}: the same function
 * bit for bit, and the same input gradient up to rounding, on images with large uniform regions,
 * where the pooling windows hold ties (equal positive values) and the two kernels could route the
 * gradient to different inputs.
 */
class MaxPoolOpTest {

    /** Uniform 12 x 12 tiles of three grey levels, like a stimulus's background and inducers. */
    static Batch tiles(int n, int size) {
        float[] d = new float[n * size * size * 3];
        int i = 0;
        for (int s = 0; s < n; s++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    for (int c = 0; c < 3; c++) d[i++] = 0.25f * ((x / 12 + 2 * (y / 12) + s) % 3) + 0.1f;
        return new Batch(n, size, size, d);
    }

    private static float[][] run(String op, ResNetSpec spec, StateDict w, Batch x) {
        String before = System.getProperty("illusions.maxPool");
        System.setProperty("illusions.maxPool", op);
        try (ClassifierModel m = ClassifierModel.inMemory(spec, w, null, 1)) {
            float[] stem = m.forward(x, InputNormalization.NONE, "layer1").get("layer1").data();
            float[] g = m.crossEntropyInputGradient(x, new int[] {1, 3}, InputNormalization.NONE).data();
            return new float[][] {stem, g};
        } finally {
            if (before == null) System.clearProperty("illusions.maxPool");
            else System.setProperty("illusions.maxPool", before);
        }
    }

    @Test
    void v1AndV2ComputeTheSameFunctionAndGradient() {
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 8, 5, 64);
        StateDict w = StateDict.random(spec, 4);
        Batch x = tiles(2, 64);
        float[][] v2 = run("v2", spec, w, x);
        float[][] v1 = run("v1", spec, w, x);
        assertArrayEquals(v2[0], v1[0], "layer1 activations");
        double scale = 0, diff = 0;
        int differing = 0;
        for (int i = 0; i < v2[1].length; i++) {
            scale = Math.max(scale, Math.abs(v2[1][i]));
            diff = Math.max(diff, Math.abs(v2[1][i] - v1[1][i]));
            if (v2[1][i] != v1[1][i]) differing++;
        }
        System.out.printf("max-pool V1 vs V2: %d of %d gradient values differ, by at most %.3g (%.3g of max |g|)%n",
                differing, v2[1].length, diff, diff / scale);
        assertTrue(scale > 0, "the gradient is not all zero, so the comparison means something");
        // oneDNN sums the gradients of overlapping windows in another order: last-bit differences only
        assertTrue(diff <= 1e-5 * scale, "input gradients differ by " + diff + " on a scale of " + scale);
    }

    @Test
    void aBadSettingIsRefusedByName() {
        System.setProperty("illusions.maxPool", "v3");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ResNetTopology::maxPoolOp);
            assertEquals(true, e.getMessage().contains("v1 or v2"));
        } finally {
            System.clearProperty("illusions.maxPool");
        }
    }
}
