package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceWorldTest {
    private final World world = Worlds.create("faces", null, 64, 11);

    @Test
    void sameIndexGivesSamePixelsAndOtherSeedOtherPixels() {
        WorldTestSupport.assertDeterministic("faces", 11);
    }

    @Test
    void hasTwentyFourBalancedIdentitiesWithValidPixels() {
        assertEquals(24, world.numClasses());
        WorldTestSupport.assertBalancedAndValid(world, 4);
    }

    @Test
    void identitiesDependOnTheirIndexOnly() {
        assertEquals(FaceProfile.identity(5), FaceProfile.identity(5));
        assertEquals(FaceProfile.identity(1234), FaceProfile.identity(1234));
        assertNotEquals(FaceProfile.identity(5), FaceProfile.identity(6));
    }

    @Test
    void identitiesDifferInProfileDetail() {
        // every pair of training identities is apart in the face-detail fields...
        for (int a = 0; a < 24; a++) {
            for (int b = a + 1; b < 24; b++) {
                double d = FaceProfile.identity(a).detailDistance(FaceProfile.identity(b));
                assertTrue(d > 0.5, "identities " + a + " and " + b + " are near twins (distance " + d + ")");
            }
        }
        // ...and their silhouettes, drawn in one pose at one crown-to-chin height, differ in pixels
        for (int a = 0; a < 24; a++) {
            for (int b = a + 1; b < 24; b++) {
                double iou = iou(mask(FaceProfile.identity(a)), mask(FaceProfile.identity(b)));
                assertTrue(iou < 0.97, "silhouettes of " + a + " and " + b + " overlap " + iou);
            }
        }
    }

    @Test
    void bothPolaritiesOccurInEveryIdentity() {
        FaceWorld w = (FaceWorld) world;
        int k = w.numClasses(), dark = 0, n = 0;
        for (int c = 0; c < k; c++) {
            boolean sawDark = false, sawLight = false;
            for (int r = 0; r < 16; r++) {
                boolean d = w.darkFigure((long) r * k + c);
                sawDark |= d;
                sawLight |= !d;
                dark += d ? 1 : 0;
                n++;
            }
            assertTrue(sawDark && sawLight, "identity " + c + " shows only one polarity in 16 images");
        }
        assertEquals(0.5, dark / (double) n, 0.08, "fraction of dark heads");
    }

    @Test
    void registryRoundTripsItsSettings() {
        WorldTestSupport.assertRegistryRoundTrip("faces", 11);
    }

    @Test
    void invalidParamsAreRefusedWithAClearMessage() {
        FaceParams d = FaceParams.defaults(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FaceParams(64,
                d.minScale(), d.maxScale(), 60, d.minContrast(), d.shading(), d.identityJitter(), d.maxClutter(),
                d.pixelNoise(), d.tint(), false, 0, 24));
        assertTrue(e.getMessage().contains("maxRotation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FaceParams(64, d.minScale(), d.maxScale(), 15,
                d.minContrast(), d.shading(), d.identityJitter(), d.maxClutter(), d.pixelNoise(), d.tint(), false, 0, 65));
        assertTrue(e.getMessage().contains("identities must be in 2..64"), e.getMessage());
        Map<String, Object> s = new LinkedHashMap<>(Worlds.defaultSettings("faces", 64));
        s.put("minScale", 0.7);
        s.put("maxScale", 0.5);
        e = assertThrows(IllegalArgumentException.class, () -> Worlds.create("faces", s, 64, 1));
        assertTrue(e.getMessage().contains("not valid") && e.getMessage().contains("minScale"), e.getMessage());
        s.put("minScale", 0.4);
        s.put("noSuchKnob", 1);
        assertThrows(IllegalArgumentException.class, () -> Worlds.create("faces", s, 64, 1));
    }

    /** Identity {@code p}'s head and neck, crown to chin 60 px, in a 120 px mask. */
    private static boolean[] mask(FaceProfile p) {
        int n = 120;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        double s = 60 / (p.chinBottom() + p.headHeight());
        g.transform(AffineTransform.getTranslateInstance(60, 40));
        g.transform(AffineTransform.getScaleInstance(s, s));
        g.fill(p.silhouette());
        g.dispose();
        boolean[] m = new boolean[n * n];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) m[y * n + x] = (img.getRGB(x, y) & 0xff) > 127;
        return m;
    }

    private static double iou(boolean[] a, boolean[] b) {
        int inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) inter++;
            if (a[i] || b[i]) union++;
        }
        return inter / (double) union;
    }

    @Test
    void closeUpHeadsAreOftenCutByTheSideOfTheFrameAndTheOtherWorldsNever() {
        WorldTestSupport.assertDeterministic("faces-closeup", 5);
        WorldTestSupport.assertBalancedAndValid(Worlds.create("faces-closeup", null, 64, 5), 4);
        WorldTestSupport.assertRegistryRoundTrip("faces-closeup", 5);
        // The same image index draws the same numbers in both worlds, so the two renders differ only
        // where the head was placed and sized: on the left and right edges of the frame (above the
        // bottom third, where a neck may run off) only if the close-up head crosses them.
        FaceWorld inside = new FaceWorld(FaceParams.identityFeatures(64), 5);
        FaceWorld close = new FaceWorld(FaceParams.closeUp(64), 5);
        int cut = 0, n = 200;
        for (long i = 0; i < n; i++) {
            float[] a = inside.sample(i).image().data(), b = close.sample(i).image().data();
            int differing = 0;
            for (int y = 0; y < 40; y++) {
                for (int x : new int[] {0, 63}) {
                    int o = 3 * (y * 64 + x);
                    if (Math.abs(a[o] - b[o]) > 0.05) differing++;
                }
            }
            if (differing >= 4) cut++;
        }
        assertTrue(cut >= n / 5 && cut <= n * 4 / 5, cut + " of " + n + " close-up heads cross the side of the frame");
    }

    @Test
    void theSixtyFourIdentityWorldIsTheCloseUpWorldWithMoreClassesAndOldSettingsReadAsTwentyFour() {
        WorldTestSupport.assertDeterministic("faces-closeup64", 5);
        World w = Worlds.create("faces-closeup64", null, 64, 5);
        assertEquals(64, w.numClasses());
        assertEquals("id63", w.classNames().get(63));
        WorldTestSupport.assertBalancedAndValid(w, 2);
        WorldTestSupport.assertRegistryRoundTrip("faces-closeup64", 5);
        FaceParams c = FaceParams.closeUp(64), c64 = FaceParams.closeUp64(64);
        assertEquals(c, new FaceParams(64, c64.minScale(), c64.maxScale(), c64.maxRotation(), c64.minContrast(), c64.shading(),
                c64.identityJitter(), c64.maxClutter(), c64.pixelNoise(), c64.tint(), true, c64.backOutside(), 24),
                "only the number of identities differs");
        // settings stored before the field existed (every trained faces model's card) read as 24 identities
        Map<String, Object> old = new LinkedHashMap<>(Worlds.defaultSettings("faces-closeup", 64));
        old.remove("identities");
        World back = Worlds.create("faces-closeup", old, 64, 5);
        assertEquals(24, back.numClasses());
        assertEquals("faces-closeup", back.name());
        assertArrayEquals(Worlds.create("faces-closeup", null, 64, 5).sample(7).image().data(), back.sample(7).image().data(), 0f);
    }
}
