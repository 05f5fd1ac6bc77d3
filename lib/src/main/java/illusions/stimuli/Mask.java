package illusions.stimuli;

import java.util.Arrays;

/**
 * A named binary region of an image: {@code height x width} booleans, row-major (index
 * {@code y * width + x}), the same layout as the single-channel maps the metrics read.
 * Immutable.
 */
public final class Mask {
    private final String name;
    private final int height;
    private final int width;
    private final boolean[] pixels;

    public Mask(String name, int height, int width, boolean[] pixels) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != height * width) {
            throw new IllegalArgumentException("mask '" + name + "' needs " + height * width
                    + " pixels for " + height + "x" + width + ", got " + pixels.length);
        }
        this.name = name;
        this.height = height;
        this.width = width;
        this.pixels = pixels.clone();
    }

    /** Tests a pixel by its integer coordinates. */
    @FunctionalInterface
    public interface PixelTest {
        boolean test(int x, int y);
    }

    public static Mask where(String name, int height, int width, PixelTest test) {
        boolean[] p = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                p[y * width + x] = test.test(x, y);
            }
        }
        return new Mask(name, height, width, p);
    }

    public String name() { return name; }

    public int height() { return height; }

    public int width() { return width; }

    public boolean get(int y, int x) { return pixels[y * width + x]; }

    /** A copy of the pixels, row-major. */
    public boolean[] pixels() { return pixels.clone(); }

    /** Number of pixels in the region. */
    public int area() {
        int n = 0;
        for (boolean b : pixels) if (b) n++;
        return n;
    }

    public boolean isEmpty() { return area() == 0; }

    /** Number of pixels in both masks. */
    public int overlap(Mask other) {
        requireSameSize(other);
        int n = 0;
        for (int i = 0; i < pixels.length; i++) if (pixels[i] && other.pixels[i]) n++;
        return n;
    }

    public boolean intersects(Mask other) { return overlap(other) > 0; }

    public Mask union(String newName, Mask other) {
        requireSameSize(other);
        boolean[] p = new boolean[pixels.length];
        for (int i = 0; i < p.length; i++) p[i] = pixels[i] || other.pixels[i];
        return new Mask(newName, height, width, p);
    }

    public Mask minus(String newName, Mask other) {
        requireSameSize(other);
        boolean[] p = new boolean[pixels.length];
        for (int i = 0; i < p.length; i++) p[i] = pixels[i] && !other.pixels[i];
        return new Mask(newName, height, width, p);
    }

    public Mask renamed(String newName) { return new Mask(newName, height, width, pixels); }

    /** Mean of a row-major {@code height x width} map over this region; NaN if the region is empty. */
    public double meanOf(float[] map) {
        if (map.length != pixels.length) {
            throw new IllegalArgumentException("map has " + map.length + " values but mask '" + name + "' is "
                    + height + "x" + width + " (" + pixels.length + "): upsample the map to image size first");
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i]) {
                sum += map[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Centroid {x, y} in pixel-centre coordinates; NaN for an empty mask. */
    public double[] centroid() {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (pixels[y * width + x]) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        return new double[] {sx / n, sy / n};
    }

    private void requireSameSize(Mask other) {
        if (other.height != height || other.width != width) {
            throw new IllegalArgumentException("masks '" + name + "' (" + height + "x" + width + ") and '"
                    + other.name + "' (" + other.height + "x" + other.width + ") differ in size");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.name.equals(name) && m.height == height && m.width == width
                && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(pixels); }

    @Override
    public String toString() { return "Mask[" + name + ", " + height + "x" + width + ", area " + area() + "]"; }
}
