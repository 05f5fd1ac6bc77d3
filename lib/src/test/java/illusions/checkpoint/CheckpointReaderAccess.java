package illusions.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to reader internals. */
final class CheckpointReaderAccess {
    private CheckpointReaderAccess() {}

    /** The byte where a legacy file's first storage's data begins (its 8-byte count is just before). */
    static long firstStorageData(Path legacy) throws IOException {
        return CheckpointReader.unprotectedRanges(legacy).get(0)[0];
    }
}
