package illusions.world;

/**
 * The knobs of the occlusion world ({@link OcclusionWorld}).
 *
 * @param size          side of the square image in pixels
 * @param minScale      smallest front-surface radius as a fraction of the side
 * @param maxScale      largest front-surface radius as a fraction of the side
 * @param camouflage    probability that the front surface has the background's own paint, so that it
 *                      is seen only through what it cuts from the shapes behind it
 * @param outlined      probability that a camouflaged surface also has a thin real contour
 * @param minEdgeLeaves fewest shapes placed behind the surface's outline (cut by it)
 * @param maxEdgeLeaves most shapes placed behind the surface's outline
 * @param maxFreeLeaves most shapes scattered elsewhere behind (clutter, never cut on purpose)
 * @param minContrast   smallest |leaf - background| and |surface - background| luminance difference
 * @param pixelNoise    largest standard deviation of the additive Gaussian pixel noise
 * @param tint          probability that a surface or leaf gets a mild colour tint (else grey)
 */
public record OcclusionParams(int size, double minScale, double maxScale, double camouflage, double outlined,
        int minEdgeLeaves, int maxEdgeLeaves, int maxFreeLeaves, double minContrast, double pixelNoise, double tint) {

    public OcclusionParams {
        if (size < 32 || size > 512) throw new IllegalArgumentException("world image size must be in 32..512, got " + size);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 0.5)) {
            throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 0.5, got " + minScale + ", " + maxScale);
        }
        for (double p : new double[] {camouflage, outlined, tint}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must be in [0,1], got " + p);
        }
        if (minEdgeLeaves < 0 || maxEdgeLeaves < minEdgeLeaves || maxFreeLeaves < 0) {
            throw new IllegalArgumentException("need 0 <= minEdgeLeaves <= maxEdgeLeaves and maxFreeLeaves >= 0");
        }
        if (!(minContrast > 0 && minContrast < 0.8)) throw new IllegalArgumentException("minContrast must be in (0,0.8), got " + minContrast);
        if (!(pixelNoise >= 0 && pixelNoise < 0.5)) throw new IllegalArgumentException("pixelNoise must be in [0,0.5), got " + pixelNoise);
    }

    /** The world the shipped occlusion models were trained on, at {@code size} pixels. */
    public static OcclusionParams defaults(int size) {
        return new OcclusionParams(size, 0.18, 0.36, 0.6, 0.15, 3, 7, 5, 0.2, 0.03, 0.2);
    }
}
