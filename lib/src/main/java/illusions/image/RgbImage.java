package illusions.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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
        if (data.length != (long) height * width * 3) {
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

    /** The most pixels an input image may have (a 16384 x 16384 image; the float copy alone is 3 GB). */
    public static final long MAX_PIXELS = 1L << 28;

    /**
     * Reads a PNG or JPEG to the exact sample values it holds: every channel divided by its largest
     * value (255 for 8 bits, 65535 for 16 bits), with no colour-space or gamma conversion (as Pillow
     * and torchvision read them). Grey images are replicated to RGB, palette images are looked up,
     * and opaque alpha is dropped; transparency, other channel counts and files that are not images
     * are refused. The size is checked from the header before anything is decoded.
     */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException("no image file at " + file + ": check the path");
        }
        if (Files.size(file) == 0) {
            throw new ImageFormatException(file + " is empty (0 bytes): give a PNG or JPEG file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ImageFormatException(file + " is not a PNG or JPEG image: give a PNG or JPEG file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(file, w, h);
                return fromRaster(file, reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(file + " could not be decoded as an image (" + describe(e)
                    + "): give an undamaged PNG or JPEG file");
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Refuses, before decoding, an image whose pixels would not fit the limits or the heap. */
    static void checkSize(Path file, int w, int h) throws ImageFormatException {
        if (w <= 0 || h <= 0) {
            throw new ImageFormatException(file + " claims a size of " + w + "x" + h + " pixels: not a usable image");
        }
        long pixels = (long) w * h;
        if (pixels > MAX_PIXELS) {
            throw new ImageFormatException(file + " is " + w + "x" + h + " pixels (" + pixels / 1_000_000
                    + " megapixels), more than the limit of " + MAX_PIXELS / 1_000_000
                    + " megapixels: shrink it first (the model sees it at its input size anyway)");
        }
        // decoded raster (up to 8 bytes a pixel for 16-bit RGBA) plus the float copy (12 bytes a pixel)
        long need = pixels * 20;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new ImageFormatException(file + " is " + w + "x" + h + " pixels; decoding it needs about "
                    + need / (1 << 20) + " MB but only " + free / (1 << 20) + " MB of Java heap are free:"
                    + " shrink the image first (or raise -Xmx)");
        }
    }

    /** The exact sample values of a decoded image, per channel over its full scale. */
    static RgbImage fromRaster(Path file, BufferedImage img) throws ImageFormatException {
        Raster raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        int h = img.getHeight();
        int w = img.getWidth();
        int bands = raster.getNumBands();
        float[] d = new float[Math.multiplyExact(Math.multiplyExact(h, w), 3)];
        int[] row = new int[w * bands];
        if (cm instanceof IndexColorModel icm) {
            if (bands != 1) throw new ImageFormatException(file + " is a palette image with " + bands + " bands: convert it to RGB first");
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    if (icm.getAlpha(p) != 255) throw transparent(file, x, y);
                    int i = (y * w + x) * 3;
                    d[i] = icm.getRed(p) / 255f;
                    d[i + 1] = icm.getGreen(p) / 255f;
                    d[i + 2] = icm.getBlue(p) / 255f;
                }
            }
            return new RgbImage(h, w, d);
        }
        boolean alpha = cm.hasAlpha();
        int colourBands = alpha ? bands - 1 : bands;
        if ((colourBands != 1 && colourBands != 3) || cm.getNumComponents() != bands) {
            throw new ImageFormatException(file + " has " + bands + " channels; the workbench needs RGB"
                    + " (3 channels) or grey (1), optionally with opaque alpha: convert it first");
        }
        float[] scale = new float[bands]; // divided by, as v / 255f: the exact float of the fraction
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            int bits = raster.getSampleModel().getSampleSize(b);
            if (bits < 1 || bits > 16) {
                throw new ImageFormatException(file + " has " + bits + "-bit samples; the workbench reads 1 to 16 bits"
                        + " per channel: convert it to 8 or 16 bits first");
            }
            max[b] = (1 << bits) - 1;
            scale[b] = max[b];
        }
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int o = x * bands;
                if (alpha && row[o + bands - 1] != max[bands - 1]) throw transparent(file, x, y);
                int i = (y * w + x) * 3;
                if (colourBands == 1) {
                    d[i] = d[i + 1] = d[i + 2] = row[o] / scale[0];
                } else {
                    d[i] = row[o] / scale[0];
                    d[i + 1] = row[o + 1] / scale[1];
                    d[i + 2] = row[o + 2] / scale[2];
                }
            }
        }
        return new RgbImage(h, w, d);
    }

    private static ImageFormatException transparent(Path file, int x, int y) {
        return new ImageFormatException(file + " has transparent pixels (first at x=" + x + ", y=" + y
                + "); the workbench needs an opaque RGB image: flatten it onto a background");
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
