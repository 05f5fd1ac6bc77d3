package illusions.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MapsTest {
    @Test
    void upsampleOfConstantIsConstant() {
        float[] m = new float[7 * 7];
        java.util.Arrays.fill(m, 2.5f);
        for (float v : Maps.upsample(m, 7, 7, 224, 224)) assertEquals(2.5f, v, 1e-6f);
    }

    @Test
    void upsampleMatchesHalfPixelBilinear() {
        // 1x2 map [0, 1] to 1x4: centres at 0.25, 0.75, 1.25, 1.75 input px -> clamp, 0.25, 0.75, clamp
        float[] out = Maps.upsample(new float[] {0, 1}, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
    }

    @Test
    void upsampleKeepsALinearRampLinearInside() {
        int h = 4, w = 4;
        float[] m = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[y * w + x] = x;
        float[] up = Maps.upsample(m, h, w, 16, 16);
        // output x=6 has centre 6.5/4 - 0.5 = 1.125 input px
        assertEquals(1.125f, up[3 * 16 + 6], 1e-6f);
        assertEquals(up[3 * 16 + 6], up[12 * 16 + 6], 1e-6f);
    }

    @Test
    void upsampleRefusesWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> Maps.upsample(new float[5], 2, 3, 4, 4));
    }

    @Test
    void gradientOfAStepIsOnTheStep() {
        float[] m = new float[8 * 8];
        for (int y = 0; y < 8; y++) for (int x = 4; x < 8; x++) m[y * 8 + x] = 1;
        float[] g = Maps.spatialGradientMagnitude(m, 8, 8);
        assertEquals(0f, g[2 * 8 + 1]);
        assertEquals(0.5f, g[2 * 8 + 3], 1e-6f);
        assertEquals(0.5f, g[2 * 8 + 4], 1e-6f);
        assertEquals(0f, g[2 * 8 + 6]);
    }

    @Test
    void channelNormIsEuclidean() {
        float[] g = Maps.channelNorm(new float[] {3, 4, 0, 0, 0, 1}, 1, 2, 3);
        assertArrayEquals(new float[] {5, 1}, g, 1e-6f);
    }

    @Test
    void rednessOfPureRedIsOne() {
        float[] red = Maps.redness(new illusions.image.RgbImage(1, 2, new float[] {1, 0, 0, 0.5f, 0.5f, 0.5f}));
        assertArrayEquals(new float[] {1, 0}, red, 1e-6f);
    }

    @Test
    void cosineOfParallelOrthogonalAndOppositeVectors() {
        org.junit.jupiter.api.Assertions.assertEquals(1.0, Maps.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, Maps.cosine(new float[] {1, 0}, new float[] {0, 5}), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(-1.0, Maps.cosine(new float[] {1, -1}, new float[] {-2, 2}), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Maps.cosine(new float[2], new float[3]));
    }
}
