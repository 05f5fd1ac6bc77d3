package illusions.world;

/**
 * The knobs of the profile-face world ({@link FaceWorld}).
 *
 * @param size           side of the square image in pixels
 * @param minScale       smallest head height (crown to chin) as a fraction of the side
 * @param maxScale       largest head height as a fraction of the side
 * @param maxRotation    largest head tilt either way, in degrees
 * @param minContrast    smallest |head - background| luminance difference
 * @param shading        largest luminance change of the linear gradient across the head
 * @param identityJitter how far each shape field moves per image, as a fraction of its range
 * @param maxClutter     most distractor marks in the background
 * @param pixelNoise     largest standard deviation of the additive Gaussian pixel noise
 * @param tint           probability that the head or the background gets a mild colour tint
 * @param identityFeatures whether the eye, brow and ear are part of the identity ({@link FaceFeatures},
 *                       jittered like the profile) rather than drawn afresh for every image
 * @param backOutside    how much of the head's width may lie beyond the frame at the back of the
 *                       head (the face stays inside): 0 keeps the whole head inside, as in the first
 *                       worlds; settings stored without the field read as 0
 * @param identities     how many identities (classes), 2..64 (the ones {@link FaceProfile} draws
 *                       apart from each other); settings stored without the field (0) read as the
 *                       first worlds' {@value FaceWorld#IDENTITIES}
 */
public record FaceParams(int size, double minScale, double maxScale, double maxRotation,
        double minContrast, double shading, double identityJitter, int maxClutter, double pixelNoise, double tint,
        boolean identityFeatures, double backOutside, int identities) {

    public FaceParams {
        if (identities == 0) identities = FaceWorld.IDENTITIES;
        if (identities < 2 || identities > FaceProfile.SEPARATED) {
            throw new IllegalArgumentException("identities must be in 2.." + FaceProfile.SEPARATED + ", got " + identities);
        }
        if (size < 32 || size > 512) throw new IllegalArgumentException("world image size must be in 32..512, got " + size);
        if (!(minScale > 0.1 && minScale <= maxScale && maxScale <= 0.95)) {
            throw new IllegalArgumentException("need 0.1 < minScale <= maxScale <= 0.95, got " + minScale + ", " + maxScale);
        }
        if (!(backOutside >= 0 && backOutside <= 0.6)) {
            throw new IllegalArgumentException("backOutside must be in [0,0.6], got " + backOutside);
        }
        if (!(maxRotation >= 0 && maxRotation <= 45)) throw new IllegalArgumentException("maxRotation must be in [0,45] degrees, got " + maxRotation);
        if (!(minContrast > 0 && minContrast <= 0.6)) throw new IllegalArgumentException("minContrast must be in (0,0.6], got " + minContrast);
        if (!(shading >= 0 && shading <= 0.5)) throw new IllegalArgumentException("shading must be in [0,0.5], got " + shading);
        if (!(identityJitter >= 0 && identityJitter <= 0.3)) {
            throw new IllegalArgumentException("identityJitter must be in [0,0.3], got " + identityJitter);
        }
        if (maxClutter < 0) throw new IllegalArgumentException("maxClutter must be >= 0, got " + maxClutter);
        if (!(pixelNoise >= 0 && pixelNoise < 0.5)) throw new IllegalArgumentException("pixelNoise must be in [0,0.5), got " + pixelNoise);
        if (!(tint >= 0 && tint <= 1)) throw new IllegalArgumentException("tint must be in [0,1], got " + tint);
    }

    /** The default face world at {@code size} pixels. */
    public static FaceParams defaults(int size) {
        return new FaceParams(size, 0.42, 0.62, 15, 0.3, 0.25, 0.06, 5, 0.04, 0.2, false, 0, FaceWorld.IDENTITIES);
    }

    /**
     * The face world in which the eye, brow and ear tell identities apart too (issue 9, priors
     * attempt 3). Settings stored without the field read as the first world.
     */
    public static FaceParams identityFeatures(int size) {
        FaceParams d = defaults(size);
        return new FaceParams(size, d.minScale(), d.maxScale(), d.maxRotation(), d.minContrast(), d.shading(),
                d.identityJitter(), d.maxClutter(), d.pixelNoise(), d.tint(), true, 0, d.identities());
    }

    /**
     * The faces-features world framed as close-ups (issue 9, priors attempt 6): heads up to 0.9 of
     * the side from crown to chin (0.62 before), and up to half the head's width beyond the frame at
     * the back, as in tightly cropped face photographs, where the frame cuts the back of the head.
     */
    public static FaceParams closeUp(int size) {
        FaceParams f = identityFeatures(size);
        return new FaceParams(size, f.minScale(), 0.9, f.maxRotation(), f.minContrast(), f.shading(),
                f.identityJitter(), f.maxClutter(), f.pixelNoise(), f.tint(), true, 0.5, f.identities());
    }

    /**
     * The close-up faces world with 64 identities instead of 24 (issue 9, priors attempt 7): the
     * same heads, framing and per-image variation, more faces to tell apart, so that identity rests
     * on finer detail of the nose, lips, chin, brow, eye and ear.
     */
    public static FaceParams closeUp64(int size) {
        FaceParams c = closeUp(size);
        return new FaceParams(size, c.minScale(), c.maxScale(), c.maxRotation(), c.minContrast(), c.shading(),
                c.identityJitter(), c.maxClutter(), c.pixelNoise(), c.tint(), true, c.backOutside(), 64);
    }
}
