package illusions.image;

/** Maps scalar fields to pictures: grey for magnitudes, blue-white-red for signed changes. */
public final class HeatMap {
    private HeatMap() {}

    /** Min-max scaled grey (the reference's gradient-magnitude display), upsampled by nearest neighbour. */
    public static RgbImage grey(float[] map, int h, int w, int outSize) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : map) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        float range = hi > lo ? hi - lo : 1f;
        float[] g = new float[map.length];
        for (int i = 0; i < map.length; i++) g[i] = (map[i] - lo) / range;
        return nearest(RgbImage.fromGrey(h, w, g), outSize);
    }

    /** Signed map, symmetric scale around 0: blue negative, white zero, red positive. */
    public static RgbImage diverging(float[] map, int h, int w, int outSize) {
        float amp = 0f;
        for (float v : map) amp = Math.max(amp, Math.abs(v));
        if (amp == 0f) amp = 1f;
        float[] d = new float[h * w * 3];
        for (int i = 0; i < map.length; i++) {
            float t = map[i] / amp;
            float r = t > 0 ? 1f : 1f + t;
            float b = t < 0 ? 1f : 1f - t;
            float g = 1f - Math.abs(t);
            d[3 * i] = r;
            d[3 * i + 1] = g;
            d[3 * i + 2] = b;
        }
        return nearest(new RgbImage(h, w, d), outSize);
    }

    static RgbImage nearest(RgbImage img, int outSize) {
        if (img.height() == outSize && img.width() == outSize) return img;
        float[] src = img.data();
        float[] d = new float[outSize * outSize * 3];
        for (int y = 0; y < outSize; y++) {
            int sy = y * img.height() / outSize;
            for (int x = 0; x < outSize; x++) {
                int sx = x * img.width() / outSize;
                System.arraycopy(src, (sy * img.width() + sx) * 3, d, (y * outSize + x) * 3, 3);
            }
        }
        return new RgbImage(outSize, outSize, d);
    }
}
