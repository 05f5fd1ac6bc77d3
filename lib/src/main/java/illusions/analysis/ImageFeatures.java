package illusions.analysis;

import illusions.image.RgbImage;

/**
 * Image statistics that no GPI model computes, for an observer independent of the networks:
 * on a 4 x 4 grid of cells, the mean luminance, its standard deviation, and a histogram of edge
 * orientations (8 bins over 180 degrees, weighted by the Sobel gradient magnitude), plus the same
 * histogram over the whole image. Contrast-polarity free in the orientations, as faces and vases
 * appear in both polarities.
 */
public final class ImageFeatures {
    public static final int GRID = 4;
    public static final int BINS = 8;

    private ImageFeatures() {}

    public static double[] of(RgbImage image) {
        int h = image.height(), w = image.width();
        float[] lum = image.channelMean();
        double[] out = new double[GRID * GRID * (2 + BINS) + BINS];
        double[] cellSum = new double[GRID * GRID], cellSq = new double[GRID * GRID], cellN = new double[GRID * GRID];
        int k0 = GRID * GRID * 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cell = Math.min(GRID - 1, y * GRID / h) * GRID + Math.min(GRID - 1, x * GRID / w);
                double v = lum[y * w + x];
                cellSum[cell] += v;
                cellSq[cell] += v * v;
                cellN[cell]++;
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) continue;
                double gx = (lum[(y - 1) * w + x + 1] + 2 * lum[y * w + x + 1] + lum[(y + 1) * w + x + 1])
                        - (lum[(y - 1) * w + x - 1] + 2 * lum[y * w + x - 1] + lum[(y + 1) * w + x - 1]);
                double gy = (lum[(y + 1) * w + x - 1] + 2 * lum[(y + 1) * w + x] + lum[(y + 1) * w + x + 1])
                        - (lum[(y - 1) * w + x - 1] + 2 * lum[(y - 1) * w + x] + lum[(y - 1) * w + x + 1]);
                double mag = Math.hypot(gx, gy);
                if (mag == 0) continue;
                double angle = Math.atan2(gy, gx);
                if (angle < 0) angle += Math.PI;
                int bin = Math.min(BINS - 1, (int) (angle / Math.PI * BINS));
                out[k0 + cell * BINS + bin] += mag;
                out[GRID * GRID * (2 + BINS) + bin] += mag;
            }
        }
        for (int c = 0; c < GRID * GRID; c++) {
            double m = cellSum[c] / cellN[c];
            out[2 * c] = m;
            out[2 * c + 1] = Math.sqrt(Math.max(0, cellSq[c] / cellN[c] - m * m));
        }
        double norm = (double) h * w;
        for (int j = k0; j < out.length; j++) out[j] /= norm;
        return out;
    }
}
