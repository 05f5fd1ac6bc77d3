package illusions.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import tech.tablesaw.api.Table;

/**
 * The folder of one run. It is written under a hidden temporary name ({@code .<id>.partial})
 * and renamed to its final name only by {@link #commit()}, so a folder without a leading dot is
 * always complete; a run that fails is renamed {@code .<id>.failed} with the reason in
 * {@code FAILED.txt}, keeping what it had written. A run never overwrites an earlier one.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path finalPath;
    private final Path workPath;
    private boolean committed;

    private RunDirectory(Path finalPath, Path workPath) {
        this.finalPath = finalPath;
        this.workPath = workPath;
    }

    /** A new run under {@code results/<script>/<timestamp>[-n]}. */
    public static RunDirectory create(Path resultsRoot, String script) throws IOException {
        Path parent = resultsRoot.resolve(script).toAbsolutePath();
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int n = 0; ; n++) {
            String id = n == 0 ? stamp : stamp + "-" + n;
            Path fin = parent.resolve(id);
            Path work = parent.resolve("." + id + ".partial");
            if (Files.exists(fin) || Files.exists(parent.resolve("." + id + ".failed"))) continue;
            try {
                Files.createDirectory(work);
                return new RunDirectory(fin, work);
            } catch (FileAlreadyExistsException e) {
                // another run took this id at the same second: try the next
            }
        }
    }

    /** A run written to exactly {@code dir}, which must not exist yet. */
    public static RunDirectory at(Path dir) throws IOException {
        Path fin = dir.toAbsolutePath();
        if (Files.exists(fin)) {
            throw new FileAlreadyExistsException(fin + " exists already; a run never overwrites another:"
                    + " choose a new --out directory");
        }
        Files.createDirectories(fin.getParent());
        Path work = fin.getParent().resolve("." + fin.getFileName() + ".partial");
        if (Files.exists(work)) {
            throw new FileAlreadyExistsException(work + " exists (an interrupted run?): remove it or choose another --out");
        }
        Files.createDirectory(work);
        return new RunDirectory(fin, work);
    }

    /** Where files go while the run is in progress. */
    public Path path() {
        return workPath;
    }

    /** Where the run will be once committed. */
    public Path finalPath() {
        return finalPath;
    }

    public Path resolve(String name) throws IOException {
        Path p = workPath.resolve(name);
        Files.createDirectories(p.getParent());
        return p;
    }

    public void writeJson(String name, Object value) throws IOException {
        ObjectMapper json = ModelCard.json();
        writeAtomically(resolve(name), json.writeValueAsBytes(value));
    }

    public void writeText(String name, String text) throws IOException {
        writeAtomically(resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeCsv(String name, Table table) throws IOException {
        Path target = resolve(name);
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            table.write().csv(tmp.toFile());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames the finished run to its final name and returns it. */
    public Path commit() throws IOException {
        Files.move(workPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        return finalPath;
    }

    /** Marks an unfinished run as failed, keeping its files and the reason. */
    public void fail(String reason) {
        if (committed) return;
        try {
            writeText("FAILED.txt", reason + System.lineSeparator());
            Path failed = workPath.resolveSibling("." + finalPath.getFileName() + ".failed");
            if (!Files.exists(failed)) Files.move(workPath, failed, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            // the partial folder stays, hidden; nothing more to do
        }
    }

    @Override
    public void close() {
        if (!committed) fail("the run stopped before it finished");
    }
}
