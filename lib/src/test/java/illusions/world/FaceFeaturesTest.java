package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaceFeaturesTest {

    @Test
    void theFeaturesWorldIsDeterministicBalancedAndRoundTrips() {
        WorldTestSupport.assertDeterministic("faces-features", 3);
        WorldTestSupport.assertBalancedAndValid(Worlds.create("faces-features", null, 64, 3), 2);
        WorldTestSupport.assertRegistryRoundTrip("faces-features", 3);
    }

    @Test
    void anIdentityKeepsItsFeaturesAndIdentitiesDiffer() {
        assertEquals(FaceFeatures.identity(5), FaceFeatures.identity(5));
        int almonds = 0;
        for (int k = 0; k < FaceWorld.IDENTITIES; k++) {
            if (FaceFeatures.identity(k).almond()) almonds++;
            for (int j = 0; j < k; j++) assertNotEquals(FaceFeatures.identity(j), FaceFeatures.identity(k));
        }
        assertTrue(almonds > 3 && almonds < FaceWorld.IDENTITIES - 3, almonds + " almond eyes of 24");
    }

    @Test
    void jitterStaysInsideTheRangesAndKeepsTheEyesKind() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k < 24; k++) {
            FaceFeatures f = FaceFeatures.identity(k), j = f.jittered(0.3, rng);
            assertEquals(f.almond(), j.almond());
            double[] v = j.values();
            for (int i = 0; i < v.length; i++) {
                assertTrue(v[i] >= FaceFeatures.RANGES[i][0] && v[i] <= FaceFeatures.RANGES[i][1], "field " + i + " = " + v[i]);
            }
        }
    }

    @Test
    void theFeaturesChangeTheFacesButNotTheLabelsAndOldSettingsReadAsTheFirstWorld() {
        World first = Worlds.create("faces", null, 64, 2024), features = Worlds.create("faces-features", null, 64, 2024);
        assertEquals("faces", first.name());
        assertEquals("faces-features", features.name());
        int differ = 0;
        for (long i = 0; i < 24; i++) {
            assertEquals(first.sample(i).label(), features.sample(i).label());
            if (WorldTestSupport.meanAbsDiff(first.sample(i).image().data(), features.sample(i).image().data()) > 1e-3) differ++;
        }
        assertTrue(differ >= 20, "only " + differ + " of 24 faces changed");
        Map<String, Object> old = Worlds.defaultSettings("faces", 64);
        old.remove("identityFeatures");
        assertEquals(FaceParams.defaults(64), Worlds.create("faces", old, 64, 2024).params());
    }
}
