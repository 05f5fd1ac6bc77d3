package illusions.model;

import java.io.IOException;

/** A model directory the workbench cannot use; the message says what is wrong and what to do. */
public class ModelLoadException extends IOException {
    public ModelLoadException(String message) {
        super(message);
    }
}
