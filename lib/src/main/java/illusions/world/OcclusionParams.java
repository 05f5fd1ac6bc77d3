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
 * @param phantoms      probability of a second, unlabelled camouflaged configuration of a random class
 *                      whose cut leaves are small (low support): an accidental alignment (0 = none)
 * @param gradedSupport edge-leaf radius / surface radius drawn over [0.1, 0.7] with a density rising
 *                      linearly for the labelled surface and falling linearly for phantoms, so that the
 *                      odds that aligned cuts belong to a real surface rise with their support ratio;
 *                      false = the first world's U(0.2, 0.5) for every surface
 * @param fullRange     background grey level drawn over the whole [0, 1] instead of [0.15, 0.85], so
 *                      that scenes as dark and as light as the black and white of the test stimuli, and
 *                      leaves of up to full contrast against them, occur in training
 */
public record OcclusionParams(int size, double minScale, double maxScale, double camouflage, double outlined,
        int minEdgeLeaves, int maxEdgeLeaves, int maxFreeLeaves, double minContrast, double pixelNoise, double tint,
        double phantoms, boolean gradedSupport, boolean fullRange) {

    public OcclusionParams {
        if (size < 32 || size > 512) throw new IllegalArgumentException("world image size must be in 32..512, got " + size);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 0.5)) {
            throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 0.5, got " + minScale + ", " + maxScale);
        }
        for (double p : new double[] {camouflage, outlined, tint, phantoms}) {
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
        return new OcclusionParams(size, 0.18, 0.36, 0.6, 0.15, 3, 7, 5, 0.2, 0.03, 0.2, 0, false, false);
    }

    /**
     * The occlusion world in which support carries the evidence (issue 8, attempt 14): the labelled
     * surface's cut leaves tend to be large, and half the scenes also hold a phantom, an accidental
     * alignment of small cut leaves. Settings stored without the two fields read as the first world.
     */
    public static OcclusionParams supportGraded(int size) {
        OcclusionParams d = defaults(size);
        return new OcclusionParams(size, d.minScale(), d.maxScale(), d.camouflage(), d.outlined(), d.minEdgeLeaves(),
                d.maxEdgeLeaves(), d.maxFreeLeaves(), d.minContrast(), d.pixelNoise(), d.tint(), 0.5, true, false);
    }

    /**
     * The occlusion world over the full luminance range (issue 8, attempt 20): the first world with the
     * background's grey level drawn from [0, 1]. Settings stored without the field read as the first world.
     */
    public static OcclusionParams fullRange(int size) {
        OcclusionParams d = defaults(size);
        return new OcclusionParams(size, d.minScale(), d.maxScale(), d.camouflage(), d.outlined(), d.minEdgeLeaves(),
                d.maxEdgeLeaves(), d.maxFreeLeaves(), d.minContrast(), d.pixelNoise(), d.tint(), 0, false, true);
    }
}
