package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import org.junit.jupiter.api.Test;

class RubinCueImagesTest {
    @Test
    void deterministicBySeedWithAlternatingLabels() {
        RubinCueImages a = new RubinCueImages(64, 11), b = new RubinCueImages(64, 11), c = new RubinCueImages(64, 12);
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 2 == 0 ? RubinCueImages.FACE : RubinCueImages.VASE, a.sample(i).label());
            assertArrayEquals(a.sample(i).image().data(), b.sample(i).image().data(), 0f);
            assertTrue(WorldTestSupport.meanAbsDiff(a.sample(i).image().data(), c.sample(i).image().data()) > 0.02);
            for (float v : a.sample(i).image().data()) assertTrue(v >= 0f && v <= 1f, "pixel outside [0,1]");
        }
        assertThrows(IllegalArgumentException.class, () -> new RubinCueImages(16, 1));
    }

    /**
     * Face cues change the face regions and vase cues the vase region; the blotches and the noise
     * change both alike, so the label lives in where the cues are.
     */
    @Test
    void faceCuesLieOnTheFacesAndVaseCuesOnTheVase() {
        RubinCueImages w = new RubinCueImages(64, 11);
        double[][] change = new double[2][2]; // [label][face region, vase region]
        for (long i = 0; i < 80; i++) {
            World.Sample s = w.sample(i);
            RenderedStimulus plain = w.figure(i).render(64);
            float[] d = new float[64 * 64];
            float[] x = s.image().data(), p = plain.image().data();
            for (int k = 0; k < x.length; k++) d[k / 3] += Math.abs(x[k] - p[k]) / 3;
            Mask face = plain.mask("face"), vase = plain.mask("vase");
            change[s.label()][0] += face.meanOf(d);
            change[s.label()][1] += vase.meanOf(d);
        }
        assertTrue(change[RubinCueImages.FACE][0] > 1.2 * change[RubinCueImages.FACE][1],
                "face cues: face " + change[0][0] + " vs vase " + change[0][1]);
        assertTrue(change[RubinCueImages.VASE][1] > 1.2 * change[RubinCueImages.VASE][0],
                "vase cues: vase " + change[1][1] + " vs face " + change[1][0]);
    }
}
