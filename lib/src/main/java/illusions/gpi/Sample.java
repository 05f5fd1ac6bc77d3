package illusions.gpi;

import illusions.image.RgbImage;

/**
 * One trajectory's start: an image at model resolution, a label for tables and file names, and
 * the seed of its noise.
 */
public record Sample(String label, RgbImage image, long seed) {
    public Sample {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a sample needs a label");
    }
}
