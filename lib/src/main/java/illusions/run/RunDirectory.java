package illusions.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tech.tablesaw.api.Table;

/**
 * The folder of one run. It is written under a hidden temporary name ({@code .<id>.partial})
 * and renamed to its final name only by {@link #commit()}, so a folder without a leading dot is
 * always complete. A run that fails is renamed {@code .<id>.failed} (then {@code .failed-2}, ...)
 * with the reason in {@code FAILED.txt}, keeping what it had written. A run never overwrites an
 * earlier one, and nothing a failed or killed run leaves blocks the next one: while a run is
 * open it holds an OS lock on {@code .<id>.lock}, which dies with its process, so a later run with
 * the same name retires a {@code .partial} nobody holds (a run killed with -9) as failed.
 */
public final class RunDirectory implements AutoCloseable {
    /** What FAILED.txt says until the caller knows the real error ({@link #recordError}). */
    static final String STOPPED = "the run stopped before it finished";

    private static final Set<RunDirectory> OPEN = ConcurrentHashMap.newKeySet();
    private static final List<Path> FAILED_HERE = new CopyOnWriteArrayList<>();

    private final Path finalPath;
    private final Path workPath;
    private final Path lockPath;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean finished;
    private volatile Path failedPath;

    private RunDirectory(Path finalPath, Path workPath, Path lockPath, FileChannel lockChannel, FileLock lock) {
        this.finalPath = finalPath;
        this.workPath = workPath;
        this.lockPath = lockPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
        OPEN.add(this);
    }

    /** A new run under {@code results/<script>/<timestamp>[-n]}. */
    public static RunDirectory create(Path resultsRoot, String script) throws IOException {
        Path parent = resultsRoot.resolve(script).toAbsolutePath();
        createParents(parent);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int n = 0; ; n++) {
            String id = n == 0 ? stamp : stamp + "-" + n;
            Path fin = parent.resolve(id);
            if (Files.exists(fin) || Files.exists(parent.resolve("." + id + ".partial"))
                    || Files.exists(parent.resolve("." + id + ".failed"))) {
                continue;
            }
            RunDirectory r = claim(fin, false);
            if (r != null) return r;
            // another run took this id at the same second: try the next
        }
    }

    /** A run written to exactly {@code dir}, which must not exist yet. */
    public static RunDirectory at(Path dir) throws IOException {
        Path fin = dir.toAbsolutePath().normalize();
        if (Files.exists(fin)) {
            throw new FileAlreadyExistsException(fin + " exists already; a run never overwrites another:"
                    + " choose a new --out directory");
        }
        if (fin.getParent() == null) throw new IllegalArgumentException("--out " + dir + " has no parent folder");
        createParents(fin.getParent());
        return claim(fin, true);
    }

    private static void createParents(Path parent) throws IOException {
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(parent + " is a file, not a folder: choose another output location");
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + parent + " (" + reason(e) + ")", e);
        }
        if (!Files.isWritable(parent)) {
            throw new java.nio.file.AccessDeniedException(parent + " is not writable: choose another output location");
        }
    }

    /**
     * Takes the run's lock and creates its .partial folder. A .partial found while holding the
     * lock belongs to a run that died without cleaning up: it is retired as failed, not reused.
     * Returns null (or, when {@code explicit}, refuses) if another live run holds the lock.
     */
    private static RunDirectory claim(Path fin, boolean explicit) throws IOException {
        Path parent = fin.getParent();
        String name = fin.getFileName().toString();
        Path lockPath = parent.resolve("." + name + ".lock");
        Path work = parent.resolve("." + name + ".partial");
        FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            if (!explicit) return null;
            throw new FileAlreadyExistsException(fin + " is being written by another run that is still going:"
                    + " wait for it or choose another --out directory");
        }
        try {
            if (Files.exists(fin)) {
                if (!explicit) return releaseAndNull(lock, ch);
                throw new FileAlreadyExistsException(fin + " exists already; a run never overwrites another:"
                        + " choose a new --out directory");
            }
            if (Files.exists(work)) {
                retire(work, fin, "interrupted: the process writing this run ended before it finished (killed, or the"
                        + " machine stopped); found and set aside by a later run on " + LocalDateTime.now().withNano(0));
            }
            Files.createDirectory(work);
            return new RunDirectory(fin, work, lockPath, ch, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    private static RunDirectory releaseAndNull(FileLock lock, FileChannel ch) throws IOException {
        lock.release();
        ch.close();
        return null;
    }

    /** Moves an unfinished folder to the first free {@code .<name>.failed[-n]} with the reason. */
    private static Path retire(Path work, Path fin, String reason) throws IOException {
        try {
            writeAtomically(work.resolve("FAILED.txt"), (reason + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a full disk: the rename below needs no space, and the name alone says the run failed
        }
        for (int n = 1; ; n++) {
            Path failed = fin.resolveSibling("." + fin.getFileName() + ".failed" + (n == 1 ? "" : "-" + n));
            if (Files.exists(failed)) continue;
            try {
                Files.move(work, failed, StandardCopyOption.ATOMIC_MOVE);
                return failed;
            } catch (FileAlreadyExistsException e) {
                // taken in between: the next number
            }
        }
    }

    /** Where files go while the run is in progress. */
    public Path path() {
        return workPath;
    }

    /** Where the run will be once committed. */
    public Path finalPath() {
        return finalPath;
    }

    /** Where the run's files were kept when it failed, or null. */
    public Path failedPath() {
        return failedPath;
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
        writeCsvAtomically(resolve(name), table);
    }

    /** Writes {@code table} as CSV to {@code target} through a temporary file and a rename: complete or absent. */
    public static void writeCsvAtomically(Path target, Table table) throws IOException {
        Path tmp = newTempFile(target);
        try {
            try {
                table.write().csv(tmp.toFile());
            } catch (UncheckedIOException | tech.tablesaw.io.RuntimeIOException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw writeError(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = newTempFile(target);
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw writeError(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty temporary file beside {@code target}, created with the default permissions (the
     * umask applies, as for any file the user writes; Files.createTempFile would make it 0600).
     */
    public static Path newTempFile(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int i = 0; ; i++) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (i > 10) throw e;
            } catch (IOException e) {
                throw writeError(target, e);
            }
        }
    }

    /** An I/O error while writing {@code target}, as one line naming the file and, if so, a full disk. */
    public static IOException writeError(Path target, IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("cannot write ")) return e;
        String why = reason(e);
        try {
            Path dir = target.toAbsolutePath().getParent();
            while (dir != null && !Files.exists(dir)) dir = dir.getParent();
            if (dir != null && Files.getFileStore(dir).getUsableSpace() < (1 << 20)) {
                why = "the disk is full (" + Files.getFileStore(dir).getUsableSpace() / 1024 + " KB free on "
                        + Files.getFileStore(dir) + ")";
            }
        } catch (IOException ignored) {
            // keep the original reason
        }
        return new IOException("cannot write " + target + ": " + why, e);
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such folder";
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Renames the finished run to its final name and returns it. */
    public Path commit() throws IOException {
        try {
            Files.move(workPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot move the finished run " + workPath + " to " + finalPath + " (" + reason(e) + ")", e);
        }
        finished = true;
        unlock();
        return finalPath;
    }

    /** Marks an unfinished run as failed, keeping its files and the reason. */
    public synchronized void fail(String reason) {
        if (finished) return;
        finished = true;
        try {
            failedPath = retire(workPath, finalPath, reason);
            FAILED_HERE.add(failedPath);
        } catch (IOException e) {
            // the hidden .partial stays; the next run with this name retires it
        } finally {
            unlock();
        }
    }

    private void unlock() {
        OPEN.remove(this);
        try {
            Files.deleteIfExists(lockPath);
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock dies with the process anyway
        }
    }

    @Override
    public void close() {
        if (!finished) fail(STOPPED);
    }

    /**
     * The real error of runs this process closed unfinished: rewrites their FAILED.txt, which
     * {@link #close()} could only fill with {@value #STOPPED}. Returns where they are kept.
     */
    public static List<Path> recordError(String error) {
        List<Path> kept = new ArrayList<>();
        for (Path p : FAILED_HERE) {
            try {
                Path f = p.resolve("FAILED.txt");
                if (Files.readString(f).strip().equals(STOPPED)) {
                    writeAtomically(f, ("the run failed: " + error + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // no room to record it (a full disk): the folder's name says the run failed
            }
            kept.add(p);
        }
        FAILED_HERE.clear();
        return kept;
    }

    /** Forgets the runs failed so far (a new command starts: {@link #recordError} is about its own runs only). */
    static void forgetFailures() {
        FAILED_HERE.clear();
    }

    /** Marks every run still open in this process as failed with {@code reason} (a shutdown hook's job). */
    public static List<Path> failOpenRuns(String reason) {
        List<Path> kept = new ArrayList<>();
        for (RunDirectory r : List.copyOf(OPEN)) {
            r.fail(reason);
            if (r.failedPath != null) kept.add(r.failedPath);
        }
        return kept;
    }
}
