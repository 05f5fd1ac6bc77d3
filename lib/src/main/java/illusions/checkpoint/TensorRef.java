package illusions.checkpoint;

import illusions.model.TensorValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A tensor as torch pickles it: a view (offset, sizes, strides, all in elements) into a storage.
 * Nothing is read until {@link #toFloat32()}.
 */
public final class TensorRef {
    public final StorageRef storage;
    public final long offset;
    public final long[] shape;
    public final long[] stride;

    public TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
        if (shape.length != stride.length) {
            throw new CheckpointException("tensor with shape " + Arrays.toString(shape) + " has strides "
                    + Arrays.toString(stride));
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
    }

    public long numel() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Whether the view is row-major contiguous. */
    public boolean contiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Checks the view lies inside its storage; throws a message naming the shape otherwise. */
    void checkBounds() {
        long n = numel();
        for (long d : shape) if (d < 0) throw new CheckpointException("negative size in shape " + shapeString());
        if (n == 0) return;
        if (offset < 0) throw new CheckpointException("negative storage offset " + offset);
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            if (stride[i] < 0) throw new CheckpointException("negative stride in " + Arrays.toString(stride));
            last += (shape[i] - 1) * stride[i];
        }
        if (last >= storage.numel()) {
            throw new CheckpointException("tensor of shape " + shapeString() + " (offset " + offset + ", strides "
                    + Arrays.toString(stride) + ") reaches element " + last + " of a storage of " + storage.numel());
        }
        if (n > Integer.MAX_VALUE - 8) throw new CheckpointException("tensor of shape " + shapeString() + " too large");
    }

    /** The values, converted to float32, in row-major order of {@link #shape}. */
    public TensorValue toFloat32() throws IOException {
        checkBounds();
        int n = (int) numel();
        float[] out = new float[n];
        if (n == 0) return new TensorValue(shape, out);
        ByteBuffer b = storage.bytes();
        DType t = storage.dtype;
        if (contiguous()) {
            if (t == DType.FLOAT32) {
                FloatBuffer fb = b.duplicate().order(b.order()).position(Math.toIntExact(offset * 4)).slice()
                        .order(b.order()).asFloatBuffer();
                fb.get(out, 0, n);
            } else {
                for (int i = 0; i < n; i++) out[i] = t.read(b, offset + i);
            }
            return new TensorValue(shape, out);
        }
        int rank = shape.length;
        long[] idx = new long[rank];
        long pos = offset;
        for (int i = 0; i < n; i++) {
            out[i] = t.read(b, pos);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pos += stride[d];
                    break;
                }
                pos -= (shape[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
        return new TensorValue(shape, out);
    }

    @Override
    public String toString() {
        return "tensor " + shapeString() + " " + storage.dtype;
    }
}
