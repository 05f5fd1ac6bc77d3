package illusions.model;

import java.util.Arrays;

/** A dense float32 array with its shape, in the layout of wherever it came from (row-major). */
public record TensorValue(long[] shape, float[] data) {

    public TensorValue {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
    }

    public long size() {
        return data.length;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
