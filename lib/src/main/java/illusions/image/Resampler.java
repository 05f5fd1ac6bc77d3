package illusions.image;

/** Antialiased separable resampling (triangle filter), as PIL's bilinear resize does. */
final class Resampler {
    private Resampler() {}

    /**
     * Resamples one axis of an interleaved image. With {@code vertical} false the width changes
     * from {@code w} to {@code outLen}; otherwise the height changes from {@code h} to {@code outLen}.
     */
    static float[] resampleAxis(float[] src, int h, int w, int c, int outLen, boolean vertical) {
        int inLen = vertical ? h : w;
        double scale = (double) inLen / outLen;
        double support = Math.max(1.0, scale); // widen the filter when shrinking
        int outH = vertical ? outLen : h;
        int outW = vertical ? w : outLen;
        float[] out = new float[outH * outW * c];
        for (int o = 0; o < outLen; o++) {
            double centre = (o + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(centre - support));
            int hi = Math.min(inLen - 1, (int) Math.ceil(centre + support));
            double[] wts = new double[hi - lo + 1];
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                double t = Math.abs((i + 0.5 - centre) / support);
                double wt = Math.max(0, 1 - t);
                wts[i - lo] = wt;
                sum += wt;
            }
            if (sum == 0) { // degenerate case: nearest neighbour
                int nearest = Math.min(inLen - 1, Math.max(0, (int) centre));
                java.util.Arrays.fill(wts, 0);
                if (nearest >= lo && nearest <= hi) wts[nearest - lo] = 1; else wts[0] = 1;
                sum = 1;
            }
            int other = vertical ? w : h;
            for (int k = 0; k < other; k++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = 0;
                    for (int i = lo; i <= hi; i++) {
                        int idx = vertical ? ((i * w + k) * c + ch) : ((k * w + i) * c + ch);
                        acc += wts[i - lo] * src[idx];
                    }
                    int oi = vertical ? ((o * outW + k) * c + ch) : ((k * outW + o) * c + ch);
                    out[oi] = (float) (acc / sum);
                }
            }
        }
        return out;
    }
}
