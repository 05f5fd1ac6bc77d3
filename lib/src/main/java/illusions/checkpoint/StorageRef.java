package illusions.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A torch storage found in a checkpoint: its dtype and element count, read lazily, so that
 * storages nobody asks for (optimizer state, attacker duplicates) are never loaded.
 */
public final class StorageRef {
    /** Reads the raw bytes of a storage. */
    @FunctionalInterface
    public interface Source {
        ByteBuffer read(StorageRef storage) throws IOException;
    }

    public final String key;
    public final DType dtype;
    /** Element count as the pickle states it; the file's own count may refine it (legacy format). */
    long numel;
    private final Source source;
    private ByteBuffer cached;

    StorageRef(String key, DType dtype, long numel, Source source) {
        this.key = key;
        this.dtype = dtype;
        this.numel = numel;
        this.source = source;
    }

    public long numel() {
        return numel;
    }

    /** The storage's bytes with their byte order set. Cached: storages are shared between tensors. */
    synchronized ByteBuffer bytes() throws IOException {
        if (cached == null) cached = source.read(this);
        return cached;
    }

    @Override
    public String toString() {
        return "storage " + key + " (" + dtype + ", " + numel + " elements)";
    }
}
