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

    /** The row titles' font; a title too wide for the usual column is broken into lines at spaces. */
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final int MIN_LEFT = 150, PAD = 8, LINE = 14;

    public BufferedImage render() {
        int top = 24, gap = 4;
        // the label column is as wide as the widest title line, so long model names are not cut by the tiles
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        java.awt.FontMetrics fm = pg.getFontMetrics(TITLE_FONT);
        List<List<String>> titleLines = new ArrayList<>();
        int left = MIN_LEFT;
        for (String t : rowTitles) {
            List<String> lines = wrap(t, MIN_LEFT - PAD, fm);
            titleLines.add(lines);
            for (String line : lines) left = Math.max(left, fm.stringWidth(line) + PAD);
        }
        pg.dispose();
        int w = left + columnTitles.size() * (tile + gap);
        int h = top + rows.size() * (tile + gap);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        for (int c = 0; c < columnTitles.size(); c++) g.drawString(columnTitles.get(c), left + c * (tile + gap) + 2, 16);
        for (int r = 0; r < rows.size(); r++) {
            int y = top + r * (tile + gap);
            List<String> lines = titleLines.get(r);
            int y0 = y + tile / 2 - (lines.size() - 1) * LINE / 2;
            for (int k = 0; k < lines.size(); k++) g.drawString(lines.get(k), PAD / 2, y0 + k * LINE);
            for (int c = 0; c < rows.get(r).size(); c++) {
                g.drawImage(rows.get(r).get(c).toBufferedImage(), left + c * (tile + gap), y, tile, tile, null);
            }
        }
        g.dispose();
        return out;
    }

    /** Words joined into lines of at most {@code width} pixels; a longer word is a line of its own. */
    static List<String> wrap(String title, int width, java.awt.FontMetrics fm) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : title.split(" ")) {
            String joined = line.isEmpty() ? word : line + " " + word;
            if (line.isEmpty() || fm.stringWidth(joined) <= width) {
                line = joined;
            } else {
                lines.add(line);
                line = word;
            }
        }
        lines.add(line);
        return lines;
    }

    public void write(Path file) throws IOException {
        Png.write(render(), file);
    }
}
