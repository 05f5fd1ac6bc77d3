package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

/** Checks every world must pass: determinism, balance, valid pixels, the registry round trip. */
final class WorldTestSupport {
    private WorldTestSupport() {}

    static void assertDeterministic(String name, long seed) {
        World a = Worlds.create(name, null, 64, seed);
        for (long i : new long[] {0, 1, 37, 123456, World.HELD_OUT_OFFSET + 5}) {
            World fresh = Worlds.create(name, null, 64, seed);
            fresh.sample(i + 3); // rendering other images first must not change image i
            assertArrayEquals(a.sample(i).image().data(), fresh.sample(i).image().data(), 0f, name + " image " + i + " differs");
            assertEquals(a.sample(i).label(), fresh.sample(i).label());
        }
        World other = Worlds.create(name, null, 64, seed + 1);
        assertTrue(meanAbsDiff(a.sample(10).image().data(), other.sample(10).image().data()) > 0.02,
                name + ": seeds " + seed + " and " + (seed + 1) + " give the same image 10");
        assertTrue(meanAbsDiff(a.sample(10).image().data(), a.sample(10 + a.numClasses()).image().data()) > 0.02,
                name + ": two images of one class are the same");
    }

    static void assertBalancedAndValid(World w, int perClass) {
        int k = w.numClasses();
        int[] counts = new int[k];
        for (long i = 0; i < (long) k * perClass; i++) {
            World.Sample s = w.sample(i);
            assertEquals(Math.floorMod(i, k), s.label(), "label of image " + i);
            counts[s.label()]++;
            float min = 1, max = 0;
            for (float v : s.image().data()) {
                assertTrue(v >= 0f && v <= 1f && Float.isFinite(v), "pixel outside [0,1] in image " + i);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.1, "image " + i + " is (almost) blank");
        }
        for (int c = 0; c < k; c++) assertEquals(perClass, counts[c], "images of class " + c);
    }

    static void assertRegistryRoundTrip(String name, long seed) {
        World w = Worlds.create(name, null, 64, seed);
        assertEquals(name, w.name());
        assertEquals(Worlds.classNames(name), w.classNames());
        Map<String, Object> settings = Worlds.settingsOf(w.params());
        assertEquals(Worlds.defaultSettings(name, 64), settings);
        World back = Worlds.create(name, settings, 64, seed);
        assertEquals(w.params(), back.params());
        assertArrayEquals(w.sample(3).image().data(), back.sample(3).image().data(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Worlds.create(name, settings, 96, seed));
        assertTrue(e.getMessage().contains("64 px"), e.getMessage());
    }

    static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
        return s / a.length;
    }
}
