package illusions.world;

/**
 * The knobs of the everyday-object world ({@link ObjectWorld}).
 *
 * @param size         side of the square image in pixels
 * @param minScale     smallest object extent (the larger of its height and width) as a fraction of the side
 * @param maxScale     largest object extent as a fraction of the side
 * @param maxRotation  largest tilt either way, in degrees
 * @param minContrast  smallest |object - background| luminance difference
 * @param shading      largest luminance swing of the cylinder (or linear) shading across the object
 * @param decoration   probability that a vessel gets decoration bands
 * @param maxClutter   most distractor marks in the background
 * @param occlusion    probability that occluders (background-coloured or another grey) cut into the object
 * @param maxOccluders at most this many occluders when occluded
 * @param pixelNoise   largest standard deviation of the additive Gaussian pixel noise
 * @param tint         probability that the object or the background gets a mild colour tint
 * @param extraOutside how much more of the object's extent may leave the frame on each side than the
 *                     first world's tenth: 0 in the first world; settings stored without the field read as 0
 * @param designs      0: the class is the object's type (14 classes, a new silhouette in every image); otherwise
 *                     the class is one of this many fixed designs (14..{@value ObjectWorld#MAX_DESIGNS}), each a
 *                     silhouette drawn once from a type's family, as a face identity is a fixed profile
 *                     ({@link ObjectWorld}); settings stored without the field read as 0
 */
public record ObjectParams(int size, double minScale, double maxScale, double maxRotation, double minContrast,
        double shading, double decoration, int maxClutter, double occlusion, int maxOccluders, double pixelNoise,
        double tint, double extraOutside, int designs) {

    public ObjectParams {
        if (size < 32 || size > 512) throw new IllegalArgumentException("world image size must be in 32..512, got " + size);
        if (!(minScale > 0.1 && minScale <= maxScale && maxScale <= 1.0)) {
            throw new IllegalArgumentException("need 0.1 < minScale <= maxScale <= 1, got " + minScale + ", " + maxScale);
        }
        if (!(maxRotation >= 0 && maxRotation <= 45)) throw new IllegalArgumentException("maxRotation must be in [0,45] degrees, got " + maxRotation);
        if (!(minContrast > 0 && minContrast <= 0.6)) throw new IllegalArgumentException("minContrast must be in (0,0.6], got " + minContrast);
        if (!(shading >= 0 && shading <= 0.5)) throw new IllegalArgumentException("shading must be in [0,0.5], got " + shading);
        for (double p : new double[] {decoration, occlusion, tint}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must be in [0,1], got " + p);
        }
        if (maxClutter < 0 || maxOccluders < 0) throw new IllegalArgumentException("maxClutter and maxOccluders must be >= 0");
        if (!(pixelNoise >= 0 && pixelNoise < 0.5)) throw new IllegalArgumentException("pixelNoise must be in [0,0.5), got " + pixelNoise);
        if (!(extraOutside >= 0 && extraOutside <= 0.3)) {
            throw new IllegalArgumentException("extraOutside must be in [0,0.3], got " + extraOutside);
        }
        if (designs != 0 && (designs < ObjectWorld.CLASS_NAMES.size() || designs > ObjectWorld.MAX_DESIGNS)) {
            throw new IllegalArgumentException("designs must be 0 (classes are types) or in " + ObjectWorld.CLASS_NAMES.size()
                    + ".." + ObjectWorld.MAX_DESIGNS + ", got " + designs);
        }
    }

    /** The default object world at {@code size} pixels. */
    public static ObjectParams defaults(int size) {
        return new ObjectParams(size, 0.45, 0.85, 15, 0.2, 0.3, 0.4, 6, 0.5, 2, 0.05, 0.2, 0, 0);
    }

    /**
     * The object world framed as close-ups (issue 9, priors attempt 6, the objects side of the faces
     * world's close-ups): objects up to the full side (0.85 before), and up to a quarter of the
     * object beyond the frame on each side (a tenth before).
     */
    public static ObjectParams closeUp(int size) {
        ObjectParams d = defaults(size);
        return new ObjectParams(size, d.minScale(), 1.0, d.maxRotation(), d.minContrast(), d.shading(), d.decoration(),
                d.maxClutter(), d.occlusion(), d.maxOccluders(), d.pixelNoise(), d.tint(), 0.15, 0);
    }

    /**
     * The close-up objects world with 64 fixed designs as classes instead of 14 types (issue 9, priors
     * attempt 9): the objects side of the 64-identity faces world, so that both priors tell 64 fixed
     * silhouettes apart under the same kinds of per-image variation.
     */
    public static ObjectParams closeUp64(int size) {
        ObjectParams c = closeUp(size);
        return new ObjectParams(size, c.minScale(), c.maxScale(), c.maxRotation(), c.minContrast(), c.shading(),
                c.decoration(), c.maxClutter(), c.occlusion(), c.maxOccluders(), c.pixelNoise(), c.tint(), c.extraOutside(), 64);
    }
}
