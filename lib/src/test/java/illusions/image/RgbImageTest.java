package illusions.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RgbImageTest {

    @Test
    void pngRoundTripKeepsEightBitValues(@TempDir Path tmp) throws Exception {
        float[] d = new float[4 * 6 * 3];
        for (int i = 0; i < d.length; i++) d[i] = (i % 256) / 255f;
        RgbImage a = new RgbImage(4, 6, d);
        a.writePng(tmp.resolve("a.png"));
        assertEquals(a, RgbImage.read(tmp.resolve("a.png")));
    }

    @Test
    void greyImagesAreReplicatedToRgb(@TempDir Path tmp) throws Exception {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(1, 1, 0, 200);
        ImageIO.write(g, "png", tmp.resolve("g.png").toFile());
        RgbImage r = RgbImage.read(tmp.resolve("g.png"));
        assertEquals(r.get(1, 1, 0), r.get(1, 1, 2));
        assertTrue(r.get(1, 1, 0) > 0.5f);
    }

    @Test
    void aFileThatIsNotAnImageIsRefused(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x.png"), "not an image");
        var e = assertThrows(ImageFormatException.class, () -> RgbImage.read(tmp.resolve("x.png")));
        assertTrue(e.getMessage().contains("PNG or JPEG"), e.getMessage());
        e = assertThrows(ImageFormatException.class, () -> RgbImage.read(tmp.resolve("missing.png")));
        assertTrue(e.getMessage().contains("missing.png"), e.getMessage());
    }

    @Test
    void transparentImagesAreRefusedNamingThePixel(@TempDir Path tmp) throws Exception {
        BufferedImage a = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) a.setRGB(x, y, 0xFF000000);
        a.setRGB(2, 1, 0x00FFFFFF);
        ImageIO.write(a, "png", tmp.resolve("a.png").toFile());
        var e = assertThrows(ImageFormatException.class, () -> RgbImage.read(tmp.resolve("a.png")));
        assertTrue(e.getMessage().contains("x=2, y=1"), e.getMessage());
    }

    @Test
    void resizeAndCenterCropLikeTheReference() {
        float[] d = new float[100 * 200 * 3];
        for (int y = 0; y < 100; y++)
            for (int x = 0; x < 200; x++)
                for (int c = 0; c < 3; c++) d[(y * 200 + x) * 3 + c] = x < 100 ? 0f : 1f;
        RgbImage r = new RgbImage(100, 200, d).resizeShorterSideAndCenterCrop(50);
        assertEquals(50, r.height());
        assertEquals(50, r.width());
        // The crop keeps the middle: left half dark, right half bright, the edge in the centre.
        assertEquals(0f, r.get(25, 2, 0), 1e-6);
        assertEquals(1f, r.get(25, 47, 0), 1e-6);
        // A uniform image stays uniform after antialiased resampling.
        RgbImage u = RgbImage.filled(37, 53, 0.25f).resize(11, 17);
        for (float v : u.data()) assertEquals(0.25f, v, 1e-6);
    }
}
