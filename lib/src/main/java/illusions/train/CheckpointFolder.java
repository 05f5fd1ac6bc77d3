package illusions.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one training run, {@code <out>/checkpoints/step-NNNNNNNNN.ckpt}: saving one
 * keeps only the newest {@value #KEEP}, and the newest is what {@code --resume} continues from.
 * Files are ordered by their step number; other files in the folder are left alone.
 */
public final class CheckpointFolder {
    /** How many checkpoints a run keeps. */
    public static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.ckpt");

    private final Path dir;

    public CheckpointFolder(Path dir) {
        this.dir = dir;
    }

    /** The checkpoint folder of the training run in {@code out}. */
    public static CheckpointFolder of(Path out) {
        return new CheckpointFolder(out.resolve("checkpoints"));
    }

    public Path dir() { return dir; }

    /**
     * Claims the training run in {@code out} for this process until the returned lock is closed or
     * the process ends (the operating system releases it then, however the process ends): a second
     * {@code train} on the same folder would interleave its checkpoints with the first's.
     *
     * @throws IllegalArgumentException if another process (or this one) holds the run
     */
    public static AutoCloseable lock(Path out) throws IOException {
        Files.createDirectories(out);
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out.resolve(".train.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held;
        try {
            held = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            ch.close();
            throw new IllegalArgumentException(out + " is being trained by another process: wait for it to end,"
                    + " or give another --out");
        }
        java.nio.channels.FileLock lock = held;
        return () -> {
            lock.release();
            ch.close();
        };
    }

    /**
     * Gives up a run that {@link #lock} created {@code out} for and that was refused before it wrote
     * anything: releases the lock, deletes the lock file and, if nothing else is in it, the folder.
     * A folder holding anything else is left as it is.
     */
    public static void abandon(Path out, AutoCloseable lock) throws IOException {
        try {
            lock.close();
        } catch (Exception e) {
            throw new IOException("could not release the lock on " + out + ": " + e.getMessage(), e);
        }
        Files.deleteIfExists(out.resolve(".train.lock"));
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent()) return;
        }
        Files.deleteIfExists(out);
    }

    /** {@code step-NNNNNNNNN.ckpt}. */
    public static String fileName(long step) {
        return String.format("step-%09d.ckpt", step);
    }

    /** Writes the trainer's state as the checkpoint of its step, then deletes all but the newest {@value #KEEP}. */
    public Path save(Trainer trainer) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(trainer.step()));
        trainer.save(file);
        List<Path> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) Files.deleteIfExists(all.get(i));
        return file;
    }

    /** The checkpoint files, oldest step first; empty if the folder does not exist. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(CheckpointFolder::stepOf).thenComparing(Path::getFileName))
                    .toList();
        }
    }

    /** The checkpoint of the highest step, if there is one. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static java.math.BigInteger stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(p + " is not a checkpoint name");
        return new java.math.BigInteger(m.group(1));
    }
}
