package illusions.image;

import java.io.IOException;

/** An input file that is not an image the workbench can use; the message says what to do. */
public class ImageFormatException extends IOException {
    public ImageFormatException(String message) {
        super(message);
    }
}
