package illusions.train;

import java.io.IOException;

/** A checkpoint that cannot be used: truncated, altered, not a checkpoint, or for another network. */
public class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }
}
