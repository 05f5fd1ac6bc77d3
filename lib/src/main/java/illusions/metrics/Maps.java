package illusions.metrics;

import illusions.image.RgbImage;

/**
 * Single-channel, row-major {@code h x w} maps on which the indices are computed: what an image
 * or an induced activity looks like in one number per pixel.
 */
public final class Maps {
    private Maps() {}

    /** Darkness, 1 - channel mean: the reference's measure of illusory contours on x_t. */
    public static float[] darkening(RgbImage image) {
        float[] m = image.channelMean();
        for (int i = 0; i < m.length; i++) m[i] = 1f - m[i];
        return m;
    }

    /** Channel mean (grey level). */
    public static float[] luminance(RgbImage image) { return image.channelMean(); }

    /** Redness for neon spreading and colour stimuli: R - (G + B) / 2, in [-1, 1]. */
    public static float[] redness(RgbImage image) {
        float[] d = image.data();
        float[] m = new float[image.height() * image.width()];
        for (int i = 0; i < m.length; i++) m[i] = d[3 * i] - (d[3 * i + 1] + d[3 * i + 2]) / 2f;
        return m;
    }

    /** Absolute change between two images, summed over channels / 3 (where GPI changed the image). */
    public static float[] absoluteChange(RgbImage from, RgbImage to) {
        if (from.height() != to.height() || from.width() != to.width()) {
            throw new IllegalArgumentException("images differ in size: " + from.height() + "x" + from.width()
                    + " vs " + to.height() + "x" + to.width());
        }
        float[] a = from.data(), b = to.data();
        float[] m = new float[from.height() * from.width()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (Math.abs(b[3 * i] - a[3 * i]) + Math.abs(b[3 * i + 1] - a[3 * i + 1])
                    + Math.abs(b[3 * i + 2] - a[3 * i + 2])) / 3f;
        }
        return m;
    }

    /**
     * Per-pixel gradient magnitude of an HWC gradient (e.g. dLoss/dx): sqrt(sum over channels of
     * g^2), as the reference plots it (before its min-max scaling, which the index does not need).
     */
    public static float[] channelNorm(float[] hwc, int h, int w, int channels) {
        if (hwc.length != h * w * channels) {
            throw new IllegalArgumentException("expected " + h * w * channels + " values for " + h + "x" + w + "x"
                    + channels + ", got " + hwc.length);
        }
        float[] m = new float[h * w];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int c = 0; c < channels; c++) s += (double) hwc[i * channels + c] * hwc[i * channels + c];
            m[i] = (float) Math.sqrt(s);
        }
        return m;
    }

    /**
     * Spatial gradient magnitude of a map (central differences inside, one-sided at the border):
     * where a map has edges.
     */
    public static float[] spatialGradientMagnitude(float[] map, int h, int w) {
        requireSize(map, h, w);
        float[] g = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int xl = Math.max(0, x - 1), xr = Math.min(w - 1, x + 1);
                int yu = Math.max(0, y - 1), yd = Math.min(h - 1, y + 1);
                double gx = (map[y * w + xr] - map[y * w + xl]) / (double) Math.max(1, xr - xl);
                double gy = (map[yd * w + x] - map[yu * w + x]) / (double) Math.max(1, yd - yu);
                g[y * w + x] = (float) Math.hypot(gx, gy);
            }
        }
        return g;
    }

    /**
     * Bilinear resampling of a row-major {@code h x w} map to {@code toH x toW} with half-pixel
     * centres (PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}): brings a
     * layer's activity map to image size so it can be read with the image's masks. Not
     * anti-aliased when shrinking.
     */
    public static float[] upsample(float[] map, int h, int w, int toH, int toW) {
        requireSize(map, h, w);
        if (toH <= 0 || toW <= 0) throw new IllegalArgumentException("target size must be positive, got " + toH + "x" + toW);
        float[] out = new float[toH * toW];
        double sy = h / (double) toH, sx = w / (double) toW;
        for (int y = 0; y < toH; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            double wy = fy - y0;
            for (int x = 0; x < toW; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                double wx = fx - x0;
                double top = map[y0 * w + x0] * (1 - wx) + map[y0 * w + x1] * wx;
                double bottom = map[y1 * w + x0] * (1 - wx) + map[y1 * w + x1] * wx;
                out[y * toW + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return out;
    }

    static void requireSize(float[] map, int h, int w) {
        if (h <= 0 || w <= 0) throw new IllegalArgumentException("map size must be positive, got " + h + "x" + w);
        if (map.length != h * w) {
            throw new IllegalArgumentException("map has " + map.length + " values, expected " + h + "x" + w + " = " + h * w);
        }
    }

    /** The cosine of the angle between two vectors of the same length (double accumulation). */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
