package illusions.checkpoint;

/**
 * A checkpoint that cannot be read or converted. The message is one line and names the file and,
 * where there is one, the key and the shape at fault; command-line tools print it as it is.
 */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(oneLine(message));
    }

    public CheckpointException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
