package illusions.gpi;

import java.util.Random;

/**
 * The Gaussian noise of one sample, drawn from its own seed, so that a sample's trajectory does
 * not depend on what else is in its batch. {@link Random#nextGaussian()} is specified exactly by
 * the Java platform, so the same seed gives the same numbers on every JVM.
 */
public final class NoiseSource {
    private final long seed;
    private final Random random;

    public NoiseSource(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /** Fills {@code out[offset .. offset+count)} with standard normal values. */
    public void fill(float[] out, int offset, int count) {
        for (int i = 0; i < count; i++) out[offset + i] = (float) random.nextGaussian();
    }
}
