package illusions.stimuli;

import illusions.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.image.BufferedImage;

/**
 * Anti-aliased drawing in reference coordinates (224-px frame) onto a {@code size x size} image,
 * plus masks tested at pixel centres in the same coordinates. Package-private helper.
 */
final class Canvas {
    final int size;
    /** Render pixels per reference pixel. */
    final double scale;
    private final BufferedImage image;
    final Graphics2D g;

    Canvas(int size, Color background) {
        if (size < 8) throw new IllegalArgumentException("render size must be at least 8 pixels, got " + size);
        this.size = size;
        this.scale = size / (double) Stimulus.REFERENCE_SIZE;
        this.image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setColor(background);
        g.fillRect(0, 0, size, size);
        g.scale(scale, scale);
    }

    static Color grey(float v) { return new Color(v, v, v); }

    void fill(Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
    }

    void stroke(Shape s, Color c, double width) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(s);
    }

    /** One reference-space length equal to {@code px} render pixels (anti-aliasing margins). */
    double renderPixels(double px) { return px / scale; }

    /** Tests a pixel centre given in reference coordinates. */
    @FunctionalInterface
    interface RefTest {
        boolean test(double x, double y);
    }

    Mask mask(String name, RefTest test) {
        return Mask.where(name, size, size, (x, y) -> test.test((x + 0.5) / scale, (y + 0.5) / scale));
    }

    Mask mask(String name, Shape referenceShape) {
        Area a = new Area(referenceShape);
        return mask(name, a::contains);
    }

    RgbImage toRgbImage() {
        g.dispose();
        float[] d = new float[size * size * 3];
        int[] argb = image.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < argb.length; i++) {
            d[3 * i] = ((argb[i] >> 16) & 0xFF) / 255f;
            d[3 * i + 1] = ((argb[i] >> 8) & 0xFF) / 255f;
            d[3 * i + 2] = (argb[i] & 0xFF) / 255f;
        }
        return new RgbImage(size, size, d);
    }
}
