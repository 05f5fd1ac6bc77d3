package illusions.world;

import java.util.SplittableRandom;

/**
 * The internal features of a profile identity in the {@code faces-features} world: the eye's kind
 * and size, the brow's lift above the eye, arch and weight, and the ear's size, in head units.
 * Drawn from a stream seeded by the identity index alone (not by {@link FaceProfile}'s, whose
 * identities stay as they were), so identity k has the same features in every world and probe set.
 *
 * @param almond     an almond eye (else a dot)
 * @param eyeWidth   almond width
 * @param eyeHeight  almond height
 * @param dotRadius  dot eye radius
 * @param browLift   brow height above the eye centre
 * @param browArch   how far the brow's middle rises above its ends
 * @param browWeight brow stroke width in units of the feature line width
 * @param earWidth   ear half-width
 * @param earHeight  ear half-height
 */
public record FaceFeatures(boolean almond, double eyeWidth, double eyeHeight, double dotRadius, double browLift,
        double browArch, double browWeight, double earWidth, double earHeight) {

    private static final long SALT = 0xFEA7E5L;
    /** Ranges of the continuous fields, in declaration order. */
    static final double[][] RANGES = {{0.08, 0.16}, {0.035, 0.07}, {0.025, 0.05}, {0.08, 0.15}, {-0.01, 0.06},
            {1.0, 2.4}, {0.08, 0.13}, {0.13, 0.22}};

    /** The features of identity {@code k}. */
    public static FaceFeatures identity(int k) {
        if (k < 0) throw new IllegalArgumentException("identity index must be >= 0, got " + k);
        SplittableRandom rng = new SplittableRandom(World.mix(SALT, k));
        boolean almond = rng.nextBoolean();
        double[] v = new double[RANGES.length];
        for (int i = 0; i < v.length; i++) v[i] = RANGES[i][0] + (RANGES[i][1] - RANGES[i][0]) * rng.nextDouble();
        return of(almond, v);
    }

    /** Every continuous field moved by up to {@code amount} of its range, kept inside it; the eye's kind kept. */
    FaceFeatures jittered(double amount, SplittableRandom rng) {
        return of(almond, FaceProfile.jitter(values(), RANGES, amount, rng));
    }

    double[] values() {
        return new double[] {eyeWidth, eyeHeight, dotRadius, browLift, browArch, browWeight, earWidth, earHeight};
    }

    private static FaceFeatures of(boolean almond, double[] v) {
        return new FaceFeatures(almond, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
