package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OcclusionWorldTest {

    @Test
    void bothOcclusionWorldsAreDeterministicBalancedAndRoundTrip() {
        for (String name : new String[] {"occlusion", "occlusion-support"}) {
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
                1.5, true));
    }
}
