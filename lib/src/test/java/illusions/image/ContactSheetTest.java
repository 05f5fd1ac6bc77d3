package illusions.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

    private static RgbImage grey(int size) {
        float[] d = new float[size * size * 3];
        java.util.Arrays.fill(d, 0.5f);
        return new RgbImage(size, size, d);
    }

    private static int textWidth(String s) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int w = g.getFontMetrics(ContactSheet.TITLE_FONT).stringWidth(s);
        g.dispose();
        return w;
    }

    @Test
    void theLabelColumnFitsTheLongestTitleLineSoNoTileCoversIt() {
        String name = "faces-closeup64-96w32-robust6-s1-with-a-long-suffix";
        ContactSheet sheet = new ContactSheet(32, List.of("a", "b")).addRow(name + " white-vase", List.of(grey(32), grey(32)));
        BufferedImage img = sheet.render();
        int left = img.getWidth() - 2 * (32 + 4);
        assertTrue(textWidth(name) > 150, "the title is longer than the old fixed 150 px column");
        assertTrue(left >= textWidth(name), "label column " + left + " px for a title line of " + textWidth(name) + " px");
        // the first tile starts at `left`: its pixels are the tile's grey, not text
        int y = 24 + 16;
        int red = (img.getRGB(left + 1, y) >> 16) & 0xff;
        assertTrue(Math.abs(red - 128) <= 2, "the first tile's pixel is its grey, got red " + red);
    }

    @Test
    void shortTitlesKeepTheUsualColumn() {
        BufferedImage img = new ContactSheet(32, List.of("a")).addRow("centred", List.of(grey(32))).render();
        assertEquals(150 + 32 + 4, img.getWidth());
    }

    @Test
    void titlesWrapAtSpacesOnlyWhenTooWide() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        java.awt.FontMetrics fm = g.getFontMetrics(ContactSheet.TITLE_FONT);
        assertEquals(List.of("black on white"), ContactSheet.wrap("black on white", ContactSheet.MIN_LEFT - ContactSheet.PAD, fm));
        assertEquals(List.of("faces-closeup96w32-robust6-s1", "white-vase"),
                ContactSheet.wrap("faces-closeup96w32-robust6-s1 white-vase", ContactSheet.MIN_LEFT - ContactSheet.PAD, fm));
        g.dispose();
    }
}
