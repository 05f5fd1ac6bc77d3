package illusions.world;

/**
 * The knobs of the synthetic shape world. The defaults are what the shipped models were trained
 * on; change them only together with a note in the model card (the card records all of them).
 *
 * @param size             side of the square image in pixels (96..128 is fast on a CPU)
 * @param minScale         smallest shape radius as a fraction of the side
 * @param maxScale         largest shape radius as a fraction of the side
 * @param outlineFraction  probability that the shape is drawn as an outline instead of filled
 * @param occlusion        probability that background-coloured occluders cut into the shape
 * @param maxOccluders     at most this many occluders per image (1..maxOccluders when occluded)
 * @param clutter          probability of small distractor marks (lines, dots) around the shape
 * @param minContrast      smallest |shape - background| luminance difference
 * @param pixelNoise       largest standard deviation of the additive Gaussian pixel noise
 * @param tint             probability that shape and background get a mild colour tint (else grey)
 */
public record WorldParams(int size, double minScale, double maxScale, double outlineFraction, double occlusion,
        int maxOccluders, double clutter, double minContrast, double pixelNoise, double tint) {

    public WorldParams {
        if (size < 32 || size > 512) throw new IllegalArgumentException("world image size must be in 32..512, got " + size);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 0.5)) {
            throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 0.5, got " + minScale + ", " + maxScale);
        }
        for (double p : new double[] {outlineFraction, occlusion, clutter, tint}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must be in [0,1], got " + p);
        }
        if (maxOccluders < 0) throw new IllegalArgumentException("maxOccluders must be >= 0, got " + maxOccluders);
        if (!(minContrast > 0 && minContrast < 1)) throw new IllegalArgumentException("minContrast must be in (0,1), got " + minContrast);
        if (!(pixelNoise >= 0 && pixelNoise < 0.5)) throw new IllegalArgumentException("pixelNoise must be in [0,0.5), got " + pixelNoise);
    }

    /** The default world at {@code size} pixels. */
    public static WorldParams defaults(int size) {
        return new WorldParams(size, 0.16, 0.36, 0.4, 0.6, 3, 0.5, 0.15, 0.03, 0.2);
    }

    public WorldParams withSize(int newSize) {
        return new WorldParams(newSize, minScale, maxScale, outlineFraction, occlusion, maxOccluders, clutter,
                minContrast, pixelNoise, tint);
    }
}
