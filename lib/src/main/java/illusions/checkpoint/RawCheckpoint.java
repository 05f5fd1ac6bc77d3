package illusions.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a format reader found: the unpickled object tree (maps, lists, tuples as Object[], numbers,
 * strings, {@link TensorRef}s, inert opaque values) before any storage data is read. Closing it
 * releases the file; read tensors before closing.
 */
final class RawCheckpoint implements Closeable {
    final String format;
    final Object root;
    final Set<String> opaqueGlobals;
    /**
     * Byte ranges [begin, end) of the file that hold storage data no checksum covers (torch legacy
     * and safetensors files have none; a torch zip's entries have CRC-32s, which are checked).
     */
    final List<long[]> unprotected;
    private final Closeable resource;

    RawCheckpoint(String format, Object root, Set<String> opaqueGlobals, Closeable resource) {
        this(format, root, opaqueGlobals, resource, List.of());
    }

    RawCheckpoint(String format, Object root, Set<String> opaqueGlobals, Closeable resource, List<long[]> unprotected) {
        this.format = format;
        this.root = root;
        this.opaqueGlobals = opaqueGlobals;
        this.resource = resource;
        this.unprotected = List.copyOf(unprotected);
    }

    @Override
    public void close() throws IOException {
        if (resource != null) resource.close();
    }
}
