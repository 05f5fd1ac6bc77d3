package illusions.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A labelled grid of equally sized tiles: rows (conditions) by columns (iterations, maps). */
public final class ContactSheet {
    private final int tile;
    private final List<String> columnTitles;
    private final List<String> rowTitles = new ArrayList<>();
    private final List<List<RgbImage>> rows = new ArrayList<>();

    public ContactSheet(int tile, List<String> columnTitles) {
        this.tile = tile;
        this.columnTitles = List.copyOf(columnTitles);
    }

    public ContactSheet addRow(String title, List<RgbImage> tiles) {
        if (tiles.size() != columnTitles.size()) {
            throw new IllegalArgumentException("row '" + title + "' has " + tiles.size() + " tiles for "
                    + columnTitles.size() + " columns");
        }
        rowTitles.add(title);
        rows.add(List.copyOf(tiles));
        return this;
    }

    public BufferedImage render() {
        int left = 150, top = 24, gap = 4;
        int w = left + columnTitles.size() * (tile + gap);
        int h = top + rows.size() * (tile + gap);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < columnTitles.size(); c++) g.drawString(columnTitles.get(c), left + c * (tile + gap) + 2, 16);
        for (int r = 0; r < rows.size(); r++) {
            int y = top + r * (tile + gap);
            g.drawString(rowTitles.get(r), 4, y + tile / 2);
            for (int c = 0; c < rows.get(r).size(); c++) {
                g.drawImage(rows.get(r).get(c).toBufferedImage(), left + c * (tile + gap), y, tile, tile, null);
            }
        }
        g.dispose();
        return out;
    }

    public void write(Path file) throws IOException {
        Png.write(render(), file);
    }
}
