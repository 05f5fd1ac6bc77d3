package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObjectWorldTest {
    private final World world = Worlds.create("objects", null, 64, 13);

    @Test
    void sameIndexGivesSamePixelsAndOtherSeedOtherPixels() {
        WorldTestSupport.assertDeterministic("objects", 13);
    }

    @Test
    void hasAtLeastTwelveBalancedClassesWithValidPixels() {
        assertTrue(world.numClasses() >= 12);
        assertTrue(world.classNames().containsAll(List.of("vase", "goblet", "cup", "bottle", "candlestick",
                "lamp", "bowl", "jug")));
        WorldTestSupport.assertBalancedAndValid(world, 4);
    }

    @Test
    void bothPolaritiesOccurInEveryClass() {
        ObjectWorld w = (ObjectWorld) world;
        int k = w.numClasses();
        for (int c = 0; c < k; c++) {
            boolean sawDark = false, sawLight = false;
            for (int r = 0; r < 16; r++) {
                boolean d = w.darkFigure((long) r * k + c);
                sawDark |= d;
                sawLight |= !d;
            }
            assertTrue(sawDark && sawLight, ObjectWorld.CLASS_NAMES.get(c) + " shows only one polarity in 16 images");
        }
    }

    @Test
    void shapesVaryWithinAClass() {
        // the silhouette is drawn per image: aspect ratios of one class spread widely
        for (String kind : ObjectWorld.CLASS_NAMES) {
            SplittableRandom rng = new SplittableRandom(3);
            double lo = Double.MAX_VALUE, hi = 0;
            for (int i = 0; i < 30; i++) {
                Rectangle2D b = ObjectWorld.draw(kind, 0.5, rng).body().getBounds2D();
                double aspect = b.getWidth() / b.getHeight();
                lo = Math.min(lo, aspect);
                hi = Math.max(hi, aspect);
            }
            assertTrue(hi / lo > 1.25, kind + ": aspect ratio only from " + lo + " to " + hi);
        }
    }

    @Test
    void latheProfilesAreSymmetricAndSmooth() {
        List<double[]> knots = List.of(new double[] {0, 0.2}, new double[] {0.3, 0.08},
                new double[] {0.6, 0.3}, new double[] {1, 0.15});
        Rectangle2D b = ObjectWorld.lathe(knots).getBounds2D();
        assertEquals(-b.getMaxX(), b.getMinX(), 1e-9);
        assertEquals(0.3, b.getMaxX(), 1e-6, "monotone interpolation must not overshoot the widest knot");
        double[] t = {0, 0.3, 0.6, 1}, r = {0.2, 0.08, 0.3, 0.15};
        for (double x = 0; x <= 1; x += 0.01) {
            double v = ObjectWorld.pchip(t, r, x);
            assertTrue(v >= 0.08 - 1e-9 && v <= 0.3 + 1e-9, "r(" + x + ") = " + v);
        }
    }

    @Test
    void registryRoundTripsItsSettings() {
        WorldTestSupport.assertRegistryRoundTrip("objects", 13);
    }

    @Test
    void invalidParamsAreRefusedWithAClearMessage() {
        Map<String, Object> s = new LinkedHashMap<>(Worlds.defaultSettings("objects", 64));
        s.put("occlusion", 1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Worlds.create("objects", s, 64, 1));
        assertTrue(e.getMessage().contains("probabilities must be in [0,1]"), e.getMessage());
        s.put("occlusion", 0.5);
        s.put("maxRotation", 90.0);
        e = assertThrows(IllegalArgumentException.class, () -> Worlds.create("objects", s, 64, 1));
        assertTrue(e.getMessage().contains("maxRotation"), e.getMessage());
    }

    @Test
    void closeUpObjectsAreAWorldOfTheirOwnAndLarger() {
        WorldTestSupport.assertDeterministic("objects-closeup", 5);
        WorldTestSupport.assertBalancedAndValid(Worlds.create("objects-closeup", null, 64, 5), 3);
        WorldTestSupport.assertRegistryRoundTrip("objects-closeup", 5);
        // Same index, same numbers: a close-up object is drawn at least as large as the first world's
        // (the scale draw maps to a wider range), so it covers more of the frame's edge on average.
        ObjectWorld plain = new ObjectWorld(ObjectParams.defaults(64), 5), close = new ObjectWorld(ObjectParams.closeUp(64), 5);
        double edgePlain = 0, edgeClose = 0;
        for (long i = 0; i < 200; i++) {
            edgePlain += edgeContrast(plain.sample(i).image().data());
            edgeClose += edgeContrast(close.sample(i).image().data());
        }
        assertTrue(edgeClose > 1.1 * edgePlain, "edge contrast " + edgeClose + " against " + edgePlain);
    }

    @Test
    void designsAreFixedSilhouettesThatNoTwoClassesShare() {
        WorldTestSupport.assertDeterministic("objects-closeup64", 7);
        World w = Worlds.create("objects-closeup64", null, 64, 7);
        assertEquals(64, w.numClasses());
        assertEquals("objects-closeup64", w.name());
        assertEquals(List.of("vase-0", "goblet-0"), w.classNames().subList(0, 2));
        assertEquals("jug-4", w.classNames().get(63), "design 63 is the fifth of type 63 mod 14 = 7, jug");
        WorldTestSupport.assertBalancedAndValid(w, 2);
        WorldTestSupport.assertRegistryRoundTrip("objects-closeup64", 7);
        // A design is a function of its index only: the same silhouette in every call and world seed.
        for (int k : new int[] {0, 17, 63}) {
            assertArrayEquals(ObjectWorld.silhouette(ObjectWorld.design(k, 0.4)), ObjectWorld.silhouette(ObjectWorld.design(k, 0.4)));
        }
        // No two designs of one type are near twins, while per-image type draws often are (the check bites).
        double worst = 0;
        for (int a = 0; a < 64; a++) {
            for (int b = a + 14; b < 64; b += 14) {
                worst = Math.max(worst, ObjectWorld.iou(ObjectWorld.silhouette(ObjectWorld.design(a, 0.4)),
                        ObjectWorld.silhouette(ObjectWorld.design(b, 0.4))));
            }
        }
        assertTrue(worst <= ObjectWorld.MAX_DESIGN_IOU, "two designs of one type overlap by " + worst);
        SplittableRandom rng = new SplittableRandom(11);
        double twins = 0;
        for (int i = 0; i < 40; i++) {
            boolean[] x = ObjectWorld.silhouette(ObjectWorld.draw("bottle", 0.4, rng)), y = ObjectWorld.silhouette(ObjectWorld.draw("bottle", 0.4, rng));
            if (ObjectWorld.iou(x, y) > ObjectWorld.MAX_DESIGN_IOU) twins++;
        }
        assertTrue(twins > 0, "random bottles never overlap by more than " + ObjectWorld.MAX_DESIGN_IOU + ": the bound tests nothing");
    }

    @Test
    void designsOutsideTheirRangeAreRefused() {
        Map<String, Object> s = new LinkedHashMap<>(Worlds.defaultSettings("objects-closeup64", 64));
        s.put("designs", 65);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Worlds.create("objects-closeup64", s, 64, 1));
        assertTrue(e.getMessage().contains("designs must be 0"), e.getMessage());
        // settings stored before the field existed read as types (designs 0)
        Map<String, Object> old = new LinkedHashMap<>(Worlds.defaultSettings("objects-closeup", 64));
        old.remove("designs");
        assertEquals(14, Worlds.create("objects-closeup", old, 64, 1).numClasses());
    }

    /** How far the frame's outermost pixels stray from their own median: high where a figure crosses the edge. */
    private static double edgeContrast(float[] d) {
        java.util.List<Float> edge = new java.util.ArrayList<>();
        for (int k = 0; k < 64; k++) {
            for (int[] xy : new int[][] {{k, 0}, {k, 63}, {0, k}, {63, k}}) edge.add(d[3 * (xy[1] * 64 + xy[0])]);
        }
        java.util.List<Float> sorted = new java.util.ArrayList<>(edge);
        java.util.Collections.sort(sorted);
        float median = sorted.get(sorted.size() / 2);
        double s = 0;
        for (float v : edge) s += Math.abs(v - median);
        return s / edge.size();
    }
}
