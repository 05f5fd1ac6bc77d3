package illusions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model hash recorded in every run's provenance: the same weights hash alike however they are reached. */
class ModelHashTest {

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static Path model(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("model.json"), "{\"arch\":\"resnet18\"}");
        Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("variables/variables.data-00000-of-00001"), new byte[] {4, 5, 6, 7});
        return dir;
    }

    @Test
    void aModelReachedThroughALinkHashesAsItsTarget(@TempDir Path tmp) throws IOException {
        Path dir = model(tmp.resolve("train/run/model"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        String direct = ModelLoader.hashModelDirectory(dir);
        assertNotEquals(EMPTY_SHA256, direct);
        assertEquals(direct, ModelLoader.hashModelDirectory(link));
    }

    @Test
    void aLinkedVariablesFolderIsHashedToo(@TempDir Path tmp) throws IOException {
        Path dir = model(tmp.resolve("a"));
        Path other = model(tmp.resolve("b"));
        Path vars = other.resolve("variables");
        Path moved = Files.move(vars, tmp.resolve("vars"));
        Files.createSymbolicLink(vars, moved);
        assertEquals(ModelLoader.hashModelDirectory(dir), ModelLoader.hashModelDirectory(other));
    }

    @Test
    void oneChangedByteChangesTheHash(@TempDir Path tmp) throws IOException {
        Path dir = model(tmp.resolve("m"));
        String before = ModelLoader.hashModelDirectory(dir);
        Files.write(dir.resolve("variables/variables.data-00000-of-00001"), new byte[] {4, 5, 6, 8});
        assertNotEquals(before, ModelLoader.hashModelDirectory(dir));
    }

    @Test
    void aDirectoryWithoutFilesIsRefusedNotHashedAsNothing(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty/variables"));
        assertThrows(IOException.class, () -> ModelLoader.hashModelDirectory(empty.getParent()));
        Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        assertThrows(IOException.class, () -> ModelLoader.hashModelDirectory(link));
    }
}
