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

    /** Element count; a shape whose count overflows is refused. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new CheckpointException("negative size in shape " + shapeString());
            n = multiply(n, d, "tensor of shape " + shapeString());
        }
        return n;
    }

    /** a * b for sizes, refusing an overflow with a message about {@code what}. */
    static long multiply(long a, long b, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(what + " claims more elements than any file can hold");
        }
    }

    static long add(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(what + " points beyond any file");
        }
    }

    /** A byte count as an int, or a refusal: a single tensor of 2 GB or more is no ResNet. */
    static int toInt(long n, String what) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(what + " claims " + n + " bytes, more than one tensor can have (2 GB)");
        }
        return (int) n;
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

    /**
     * Checks the view lies inside its storage and never reads one element twice (no saved
     * parameter overlaps itself; a damaged stride would); throws a message naming the shape otherwise.
     */
    void checkBounds() {
        String what = "tensor of shape " + shapeString() + " (offset " + offset + ", strides " + Arrays.toString(stride) + ")";
        long n = numel();
        if (n == 0) return;
        if (n > Integer.MAX_VALUE - 8) throw new CheckpointException("tensor of shape " + shapeString() + " is too large");
        if (offset < 0) throw new CheckpointException("negative storage offset " + offset);
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            if (stride[i] < 0) throw new CheckpointException("negative stride in " + Arrays.toString(stride));
            last = add(last, multiply(shape[i] - 1, stride[i], what), what);
        }
        if (last >= storage.numel()) {
            throw new CheckpointException(what + " reaches element " + last + " of a storage of " + storage.numel());
        }
        // sorted by stride, each dimension must step over everything the smaller ones reach
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(stride[a], stride[b]));
        long reach = 0;
        for (int i : order) {
            if (shape[i] == 1) continue;
            if (stride[i] <= reach) {
                throw new CheckpointException(what + " reads some elements twice: a damaged view");
            }
            reach += stride[i] * (shape[i] - 1);
        }
    }

    /** The values, converted to float32, in row-major order of {@link #shape}. */
    public TensorValue toFloat32() throws IOException {
        checkBounds();
        int n = (int) numel();
        if (n == 0) return new TensorValue(shape, new float[0]);
        // the bytes first: reading checks the storage against the file, before the copy is allocated
        ByteBuffer b = storage.bytes();
        DType t = storage.dtype;
        long want = multiply(storage.numel(), t.size, "storage '" + storage.key + "'");
        if (b.capacity() < want) {
            throw new CheckpointException("storage '" + storage.key + "' holds " + b.capacity() + " bytes, "
                    + want + " expected");
        }
        float[] out = new float[n];
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
