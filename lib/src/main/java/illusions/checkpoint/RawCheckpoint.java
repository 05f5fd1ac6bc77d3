package illusions.checkpoint;

import java.io.Closeable;
import java.io.IOException;
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
    private final Closeable resource;

    RawCheckpoint(String format, Object root, Set<String> opaqueGlobals, Closeable resource) {
        this.format = format;
        this.root = root;
        this.opaqueGlobals = opaqueGlobals;
        this.resource = resource;
    }

    @Override
    public void close() throws IOException {
        if (resource != null) resource.close();
    }
}
