package illusions.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported image type reads to the exact sample values an independent tool wrote and reads
 * (lib/src/test/python/make_image_fixtures.py: Pillow, and a plain-Python PNG encoder for 16-bit
 * colour): grey 1/8/16 bits, grey + alpha, RGB 8/16 bits, RGBA 8/16 bits, palette, grey and colour JPEG.
 */
class RgbImageFixturesTest {

    static Path dir() throws Exception {
        return Path.of(RgbImageFixturesTest.class.getResource("/images/expected.json").toURI()).getParent();
    }

    static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
    }

    static Stream<String> images() throws Exception {
        List<String> l = new ArrayList<>();
        expected().get("images").forEach(n -> l.add(n.get("file").asText()));
        return l.stream();
    }

    static Stream<String> refused() throws Exception {
        List<String> l = new ArrayList<>();
        expected().get("refused").forEach(n -> l.add(n.get("file").asText()));
        return l.stream();
    }

    private static JsonNode entry(String section, String file) throws Exception {
        for (JsonNode n : expected().get(section)) if (n.get("file").asText().equals(file)) return n;
        throw new AssertionError(file);
    }

    @ParameterizedTest
    @MethodSource("images")
    void readsTheExactSampleValues(String file) throws Exception {
        JsonNode e = entry("images", file);
        RgbImage img = RgbImage.read(dir().resolve(file));
        int w = e.get("width").asInt();
        int h = e.get("height").asInt();
        assertEquals(h, img.height());
        assertEquals(w, img.width());
        double scale = e.get("scale").asDouble();
        double tol = e.get("tolerance").asDouble() / scale + 1e-7;
        JsonNode rgb = e.get("rgb");
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double want = rgb.get(y * w + x).get(c).asDouble() / scale;
                    float got = img.get(y, x, c);
                    assertEquals(want, got, tol, file + " at x=" + x + ", y=" + y + ", channel " + c
                            + ": want " + want * scale + "/" + scale + ", got " + got * scale);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void greyOneTwentyEightIsOneTwentyEight(String file) throws Exception {
        // the defect this guards: getRGB's colour-space conversion read grey 128 as 188
        JsonNode rgb = entry("images", file).get("rgb");
        if (!file.startsWith("grey") || file.startsWith("grey1.") || file.startsWith("grey16")) return;
        assertEquals(128, rgb.get(8).get(0).asInt());
        assertEquals(128 / 255f, RgbImage.read(dir().resolve(file)).get(0, 8, 0), 0f);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithOneLineNamingTheProblem(String file) throws Exception {
        String want = entry("refused", file).get("message").asText();
        long t0 = System.nanoTime();
        var ex = assertThrows(ImageFormatException.class, () -> RgbImage.read(dir().resolve(file)));
        assertTrue(ex.getMessage().contains(want) && ex.getMessage().contains(file), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused quickly, before decoding");
    }

    @ParameterizedTest
    @MethodSource("images")
    void truncatedAndZeroByteImagesAreRefusedCleanly(String file) throws Exception {
        byte[] b = Files.readAllBytes(dir().resolve(file));
        Path tmp = Files.createTempDirectory("img");
        try {
            for (int len : new int[] {0, 1, 8, b.length / 2}) {
                Path cut = tmp.resolve("cut" + len + "-" + file);
                Files.write(cut, java.util.Arrays.copyOf(b, len));
                var ex = assertThrows(ImageFormatException.class, () -> RgbImage.read(cut), cut.toString());
                assertTrue(ex.getMessage().contains(cut.getFileName().toString()), ex.getMessage());
                assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
            }
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(tmp);
        }
    }
}
