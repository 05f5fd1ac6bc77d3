package illusions.gpi;

import illusions.image.RgbImage;

/**
 * One trajectory's start: an image at model resolution, a label for tables and file names, and
 * the seed of its noise.
 */
public record Sample(String label, RgbImage image, long seed, float[] modulation) {
    public Sample {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a sample needs a label");
        if (modulation != null) {
            if (modulation.length != image.height() * image.width()) {
                throw new IllegalArgumentException("the modulation mask of '" + label + "' has " + modulation.length
                        + " values; the image has " + image.height() * image.width() + " pixels");
            }
            for (float m : modulation) {
                if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException("modulation mask values must be in [0,1], got " + m);
            }
            modulation = modulation.clone();
        }
    }

    /** A sample whose whole image is updated (no modulation mask). */
    public Sample(String label, RgbImage image, long seed) {
        this(label, image, seed, null);
    }

    /**
     * A GradModulation sample: only where {@code mask} is 1 is the image replaced by noise at the
     * start and updated by GPI (step and noise are multiplied by the mask).
     */
    public static Sample modulated(String label, RgbImage image, long seed, float[] mask) {
        return new Sample(label, image, seed, mask);
    }

    @Override
    public float[] modulation() {
        return modulation == null ? null : modulation.clone();
    }

    /**
     * The image GPI starts from: x_0 * (1 - m) + m * N(0, I), clipped to [0,1], with the noise drawn
     * from the sample's seed (a stream apart from the Langevin noise); the image itself without a mask.
     */
    public RgbImage start() {
        if (modulation == null) return image;
        float[] x = image.data();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ 0x6D0D1A7E5EEDL);
        for (int p = 0; p < modulation.length; p++) {
            for (int c = 0; c < 3; c++) {
                float z = (float) rng.nextGaussian();
                float v = x[3 * p + c] * (1 - modulation[p]) + modulation[p] * z;
                x[3 * p + c] = Math.max(0f, Math.min(1f, v));
            }
        }
        return new RgbImage(image.height(), image.width(), x);
    }
}
