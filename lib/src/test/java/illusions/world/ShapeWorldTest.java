package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import illusions.image.ContactSheet;
import illusions.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeWorldTest {
    private final ShapeWorld world = new ShapeWorld(WorldParams.defaults(96), 7);

    @Test
    void sameSeedAndIndexGiveIdenticalImages() {
        for (long i : new long[] {0, 1, 17, 12345, ShapeWorld.HELD_OUT_OFFSET + 3}) {
            ShapeWorld.Sample a = world.sample(i);
            // a fresh world object, rendered after other images: no hidden state may leak in
            ShapeWorld other = new ShapeWorld(WorldParams.defaults(96), 7);
            other.sample(i + 1);
            ShapeWorld.Sample b = other.sample(i);
            assertEquals(a.label(), b.label());
            assertArrayEquals(a.image().data(), b.image().data(), 0f, "image " + i + " differs between renders");
        }
    }

    @Test
    void differentIndexOrSeedGivesDifferentImages() {
        float[] a = world.sample(10).image().data();
        float[] sameClass = world.sample(20).image().data(); // same label (10 classes), other index
        float[] otherSeed = new ShapeWorld(WorldParams.defaults(96), 8).sample(10).image().data();
        assertTrue(meanAbsDiff(a, sameClass) > 0.01, "index 10 and 20 look the same");
        assertTrue(meanAbsDiff(a, otherSeed) > 0.01, "seed 7 and 8 give the same image 10");
    }

    @Test
    void classesAreBalancedAndImagesAreValid() {
        int k = world.numClasses();
        assertEquals(ShapeWorld.CLASS_NAMES.size(), k);
        int[] counts = new int[k];
        for (long i = 0; i < 200; i++) {
            ShapeWorld.Sample s = world.sample(i);
            counts[s.label()]++;
            float[] d = s.image().data();
            double min = 1, max = 0;
            for (float v : d) {
                assertTrue(v >= 0f && v <= 1f && Float.isFinite(v), "pixel outside [0,1]");
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.05, "image " + i + " is (almost) blank");
        }
        for (int c = 0; c < k; c++) assertEquals(200 / k, counts[c], "class " + c + " count");
    }

    @Test
    void previewSheet() throws Exception {
        // Not an assertion about looks: writes target/shape-world-preview.png for a human to check.
        ContactSheet sheet = new ContactSheet(96, ShapeWorld.CLASS_NAMES);
        for (int row = 0; row < 4; row++) {
            List<RgbImage> tiles = new ArrayList<>();
            for (int c = 0; c < world.numClasses(); c++) tiles.add(world.sample(row * world.numClasses() + c).image());
            sheet.addRow("row " + row, tiles);
        }
        Path out = Path.of("target", "shape-world-preview.png");
        Files.createDirectories(out.getParent());
        sheet.write(out);
        assertTrue(Files.size(out) > 1000);
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) world.sample(1000 + i);
        double ms = (System.nanoTime() - t0) / 1e6 / 200;
        System.out.printf("ShapeWorld: %.2f ms per 96 px image%n", ms);
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
        return s / a.length;
    }
}
