package illusions.metrics;

import static org.junit.jupiter.api.Assertions.*;

import illusions.image.RgbImage;
import illusions.stimuli.KanizsaSquare;
import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IllusoryContourIndexTest {
    final RenderedStimulus kanizsa = new KanizsaSquare().render(224);

    static float[] indicator(Mask m, float inside, float outside) {
        float[] map = new float[m.height() * m.width()];
        boolean[] p = m.pixels();
        for (int i = 0; i < map.length; i++) map[i] = p[i] ? inside : outside;
        return map;
    }

    @Test
    void mapOnlyOnIllusoryEdgesGivesOne() {
        assertEquals(1.0, IllusoryContourIndex.of(indicator(kanizsa.mask("illusory-edges"), 1, 0), kanizsa), 1e-12);
    }

    @Test
    void mapOnlyOnControlBandGivesMinusOne() {
        assertEquals(-1.0, IllusoryContourIndex.of(indicator(kanizsa.mask("control-band"), 1, 0), kanizsa), 1e-12);
    }

    @Test
    void uniformMapGivesZero() {
        float[] map = new float[224 * 224];
        Arrays.fill(map, 0.37f);
        assertEquals(0.0, IllusoryContourIndex.of(map, kanizsa), 1e-12);
    }

    @Test
    void zeroMapIsGuardedToZeroNotNaN() {
        assertEquals(0.0, IllusoryContourIndex.of(new float[224 * 224], kanizsa));
    }

    @Test
    void knownMeansGiveKnownIndex() {
        // edges 0.6, control 0.2 -> (0.6 - 0.2) / 0.8 = 0.5
        float[] map = indicator(kanizsa.mask("illusory-edges"), 0.6f, 0.2f);
        assertEquals(0.5, IllusoryContourIndex.of(map, kanizsa), 1e-6);
        // Signed map: edges +0.3, control -0.1 -> 0.4 / 0.4 = 1
        assertEquals(1.0, ContrastIndex.of(0.3, -0.1), 1e-12);
    }

    @Test
    void realContoursScoreHigherThanTheIllusionOnTheImageItself() {
        // On the input image the illusory edges are background, so darkening gives 0 there and 0 on
        // the control band; real contours darken the edges.
        KanizsaSquare k = new KanizsaSquare();
        double illusion = IllusoryContourIndex.of(Maps.darkening(k.render(224).image()), kanizsa);
        RenderedStimulus real = k.realContourControl().render(224);
        double contours = IllusoryContourIndex.of(Maps.darkening(real.image()), real);
        assertEquals(0.0, illusion, 1e-12);
        assertTrue(contours > 0.9, "real contours index " + contours);
    }

    @Test
    void timeCourseReadsEachMap() {
        Mask e = kanizsa.mask("illusory-edges"), c = kanizsa.mask("control-band");
        double[] tc = IllusoryContourIndex.timeCourse(
                List.of(new float[224 * 224], indicator(e, 0.6f, 0.2f), indicator(e, 1, 0)), e, c);
        assertArrayEquals(new double[] {0, 0.5, 1}, tc, 1e-6);
    }

    @Test
    void wrongSizedMapIsRefusedWithAHint() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> IllusoryContourIndex.of(new float[56 * 56], kanizsa));
        assertTrue(ex.getMessage().contains("upsample"), ex.getMessage());
    }

    @Test
    void darkeningOfBlackIsOne() {
        assertEquals(1f, Maps.darkening(RgbImage.filled(4, 4, 0f))[5]);
        assertEquals(0f, Maps.darkening(RgbImage.filled(4, 4, 1f))[5]);
    }
}
