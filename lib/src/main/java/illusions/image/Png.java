package illusions.image;

import illusions.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** PNG writing that never leaves a half-written file under the final name. */
public final class Png {
    private Png() {}

    /**
     * Writes {@code image} to {@code file} through a temporary file (created with the user's
     * umask) and a rename. An I/O error (a full disk, a read-only folder) is one line naming the file.
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw RunDirectory.writeError(file, e);
        }
        Path tmp = RunDirectory.newTempFile(file);
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available in this JVM");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw RunDirectory.writeError(file, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
