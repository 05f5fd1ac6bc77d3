package illusions.world;

import illusions.image.RgbImage;
import illusions.model.Batch;
import java.util.List;

/**
 * A synthetic labelled world a network is trained on. Image {@code i} depends only on the world's
 * parameters, its seed and {@code i}, so any image can be reproduced alone, in any order and on any
 * thread; labels are {@code i mod classes}, so every run of consecutive indices is balanced.
 */
public interface World {
    /** Indices of the held-out split start here, far from any training index. */
    long HELD_OUT_OFFSET = 1L << 40;

    /** One image with its label. */
    record Sample(RgbImage image, int label) {}

    /** The world's name as given to {@code train --world}. */
    String name();

    List<String> classNames();

    /** Side of the square images in pixels. */
    int size();

    long seed();

    /** The world's parameter record (recorded in checkpoints and model cards). */
    Record params();

    /** Image {@code index}: the same pixels on every call. */
    Sample sample(long index);

    default int numClasses() { return classNames().size(); }

    default int label(long index) {
        return (int) Math.floorMod(index, (long) numClasses());
    }

    /** Held-out image {@code i}: disjoint from the training indices 0..2^40. */
    default Sample heldOut(long i) {
        return sample(HELD_OUT_OFFSET + i);
    }

    /** The images at {@code indices} as a batch, with their labels in the same order. */
    default Batch batch(long[] indices, int[] labelsOut) {
        if (labelsOut.length != indices.length) throw new IllegalArgumentException("labelsOut must match indices");
        int s = size();
        float[] data = new float[indices.length * s * s * 3];
        for (int i = 0; i < indices.length; i++) {
            Sample smp = sample(indices[i]);
            System.arraycopy(smp.image().data(), 0, data, i * s * s * 3, s * s * 3);
            labelsOut[i] = smp.label();
        }
        return new Batch(indices.length, s, s, data);
    }

    /** A well-mixed 64-bit seed from (seed, index) (SplitMix64 finalizer on both). */
    static long mix(long seed, long index) {
        return mix64(mix64(seed) ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
