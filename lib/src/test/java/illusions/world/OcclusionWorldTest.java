package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OcclusionWorldTest {

    @Test
    void bothOcclusionWorldsAreDeterministicBalancedAndRoundTrip() {
        for (String name : new String[] {"occlusion", "occlusion-support", "occlusion-full-range"}) {
            WorldTestSupport.assertDeterministic(name, 3);
            WorldTestSupport.assertBalancedAndValid(Worlds.create(name, null, 64, 3), 4);
            WorldTestSupport.assertRegistryRoundTrip(name, 3);
        }
    }

    @Test
    void settingsStoredBeforeTheSupportFieldsExistedReadAsTheFirstWorld() {
        Map<String, Object> old = Worlds.defaultSettings("occlusion", 64);
        old.remove("phantoms");
        old.remove("gradedSupport");
        old.remove("fullRange");
        World w = Worlds.create("occlusion", old, 64, 2024);
        assertEquals(OcclusionParams.defaults(64), w.params());
        assertEquals("occlusion", w.name());
    }

    @Test
    void phantomsAndGradedSupportChangeTheScenesButNotTheLabels() {
        World first = new OcclusionWorld(OcclusionParams.defaults(64), 5);
        World support = new OcclusionWorld(OcclusionParams.supportGraded(64), 5);
        int differ = 0;
        for (long i = 0; i < 40; i++) {
            assertEquals(first.sample(i).label(), support.sample(i).label());
            if (WorldTestSupport.meanAbsDiff(first.sample(i).image().data(), support.sample(i).image().data()) > 0.01) differ++;
        }
        assertTrue(differ >= 30, "only " + differ + " of 40 scenes changed");
    }

    @Test
    void aPhantomProbabilityOutsideZeroToOneIsRefused() {
        OcclusionParams d = OcclusionParams.defaults(64);
        assertThrows(IllegalArgumentException.class, () -> new OcclusionParams(64, d.minScale(), d.maxScale(), d.camouflage(),
                d.outlined(), d.minEdgeLeaves(), d.maxEdgeLeaves(), d.maxFreeLeaves(), d.minContrast(), d.pixelNoise(), d.tint(),
                1.5, true, false));
    }

    /** The median grey of an image (its background's level, as most of a scene is background). */
    private static double median(float[] data) {
        float[] c = data.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    @Test
    void theFullRangeWorldReachesBlackAndWhiteScenesAndTheFirstWorldDoesNot() {
        World first = new OcclusionWorld(OcclusionParams.defaults(64), 9);
        World full = Worlds.create("occlusion-full-range", null, 64, 9);
        assertEquals("occlusion-full-range", full.name());
        int fullExtreme = 0, firstExtreme = 0;
        for (long i = 0; i < 400; i++) {
            assertEquals(first.sample(i).label(), full.sample(i).label());
            double m = median(full.sample(i).image().data());
            if (m < 0.05 || m > 0.95) fullExtreme++;
            double f = median(first.sample(i).image().data());
            if (f < 0.05 || f > 0.95) firstExtreme++;
        }
        // a scene's median is mostly its background: 0.05 bands at both ends hold ~10% of uniform levels
        assertTrue(fullExtreme >= 15, "only " + fullExtreme + " of 400 full-range scenes are near black or white");
        assertTrue(firstExtreme <= 2, firstExtreme + " of 400 first-world scenes are near black or white");
    }
}
