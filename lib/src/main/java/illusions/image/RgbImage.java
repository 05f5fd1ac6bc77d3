package illusions.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An RGB image as the networks see it: height x width x 3 floats in [0,1], row-major, channels
 * last (NHWC without the N). Immutable: every operation returns a new image.
 */
public final class RgbImage {
    private final int height;
    private final int width;
    private final float[] data;

    public RgbImage(int height, int width, float[] data) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (data.length != height * width * 3) {
            throw new IllegalArgumentException("expected " + height * width * 3 + " values for a "
                    + height + "x" + width + " RGB image, got " + data.length);
        }
        this.height = height;
        this.width = width;
        this.data = data.clone();
    }

    /** A uniform image of one grey level. */
    public static RgbImage filled(int height, int width, float grey) {
        float[] d = new float[height * width * 3];
        Arrays.fill(d, grey);
        return new RgbImage(height, width, d);
    }

    /** A grey image from a height x width luminance map (row-major). */
    public static RgbImage fromGrey(int height, int width, float[] grey) {
        if (grey.length != height * width) {
            throw new IllegalArgumentException("expected " + height * width + " grey values, got " + grey.length);
        }
        float[] d = new float[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            d[3 * i] = d[3 * i + 1] = d[3 * i + 2] = grey[i];
        }
        return new RgbImage(height, width, d);
    }

    public int height() { return height; }

    public int width() { return width; }

    /** A copy of the pixel values, HWC order. */
    public float[] data() { return data.clone(); }

    public float get(int y, int x, int c) { return data[(y * width + x) * 3 + c]; }

    /** Mean over the three channels, row-major height x width. */
    public float[] channelMean() {
        float[] m = new float[height * width];
        for (int i = 0; i < m.length; i++) {
            m[i] = (data[3 * i] + data[3 * i + 1] + data[3 * i + 2]) / 3f;
        }
        return m;
    }

    /**
     * Reads a PNG or JPEG. Grey images are replicated to RGB and opaque alpha is dropped; anything
     * else (transparency, unusual channel counts, a file that is not an image) is refused.
     */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException("no image file at " + file + ": check the path");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ImageFormatException(file + " could not be decoded as an image (" + e.getMessage()
                    + "): give a PNG or JPEG file");
        }
        if (img == null) {
            throw new ImageFormatException(file + " is not a PNG or JPEG image: give a PNG or JPEG file");
        }
        int bands = img.getRaster().getNumBands();
        boolean alpha = img.getColorModel().hasAlpha();
        int colourBands = alpha ? bands - 1 : bands;
        if (colourBands != 1 && colourBands != 3) {
            throw new ImageFormatException(file + " has " + bands + " channels; the workbench needs RGB"
                    + " (3 channels) or grey (1): convert it first");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        float[] d = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                if (alpha && (argb >>> 24) != 0xFF) {
                    throw new ImageFormatException(file + " has transparent pixels (first at x=" + x + ", y=" + y
                            + "); the workbench needs an opaque RGB image: flatten it onto a background");
                }
                int i = (y * w + x) * 3;
                d[i] = ((argb >> 16) & 0xFF) / 255f;
                d[i + 1] = ((argb >> 8) & 0xFF) / 255f;
                d[i + 2] = (argb & 0xFF) / 255f;
            }
        }
        return new RgbImage(h, w, d);
    }

    /** 8-bit RGB, values clamped to [0,1] and rounded. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                img.setRGB(x, y, (to8(data[i]) << 16) | (to8(data[i + 1]) << 8) | to8(data[i + 2]));
            }
        }
        return img;
    }

    static int to8(float v) {
        if (!(v > 0f)) return 0; // also maps NaN to 0
        if (v >= 1f) return 255;
        return Math.round(v * 255f);
    }

    /** Writes an 8-bit RGB PNG atomically (temporary name, then rename). */
    public void writePng(Path file) throws IOException {
        Png.write(toBufferedImage(), file);
    }

    /**
     * The reference preprocessing: resize so the shorter side is {@code size} (antialiased, like
     * torchvision's Resize on a PIL image), then center-crop to size x size.
     */
    public RgbImage resizeShorterSideAndCenterCrop(int size) {
        if (size <= 0) throw new IllegalArgumentException("size must be positive, got " + size);
        int newH;
        int newW;
        if (height <= width) {
            newH = size;
            newW = Math.max(size, (int) ((long) width * size / height));
        } else {
            newW = size;
            newH = Math.max(size, (int) ((long) height * size / width));
        }
        RgbImage resized = resize(newH, newW);
        int top = (int) Math.round((newH - size) / 2.0);
        int left = (int) Math.round((newW - size) / 2.0);
        return resized.crop(top, left, size, size);
    }

    public RgbImage crop(int top, int left, int h, int w) {
        if (top < 0 || left < 0 || top + h > height || left + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + top + "," + left
                    + ") does not fit a " + height + "x" + width + " image");
        }
        float[] d = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, ((top + y) * width + left) * 3, d, y * w * 3, w * 3);
        }
        return new RgbImage(h, w, d);
    }

    /** Separable triangle-filter resampling, widened when shrinking so that it antialiases. */
    public RgbImage resize(int newH, int newW) {
        if (newH == height && newW == width) return this;
        float[] rows = Resampler.resampleAxis(data, height, width, 3, newW, false);
        float[] out = Resampler.resampleAxis(rows, height, newW, 3, newH, true);
        return new RgbImage(newH, newW, out);
    }

    /** A batch of images as one NHWC float array. All images must have the same size. */
    public static float[] stack(java.util.List<RgbImage> images) {
        RgbImage first = images.get(0);
        int n = first.data.length;
        float[] out = new float[n * images.size()];
        for (int i = 0; i < images.size(); i++) {
            RgbImage im = images.get(i);
            if (im.height != first.height || im.width != first.width) {
                throw new IllegalArgumentException("all images in a batch must have one size: "
                        + first.height + "x" + first.width + " vs " + im.height + "x" + im.width);
            }
            System.arraycopy(im.data, 0, out, i * n, n);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.height == height && other.width == width
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(data);
    }
}
