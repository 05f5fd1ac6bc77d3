package illusions.checkpoint;

import illusions.model.StateDict;
import illusions.model.TensorValue;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Seeded mutation fuzzing of {@link CheckpointReader}: flipped bits, overwritten bytes (with
 * extreme integers too), inserted, deleted, duplicated and appended bytes, truncations. Every
 * mutant must be either refused with the project's own one-line {@link CheckpointException} (no raw
 * Java text in it), within a time limit and a memory budget, or accepted with tensors identical to
 * the original's. The one exception is a same-length change that lies entirely inside tensor
 * bytes that no checksum covers (torch legacy and safetensors files carry none): such a file is
 * accepted with different weights, and no reader can tell. Those are counted apart.
 * Used by {@code CheckpointFuzzTest} and {@code scripts/fuzz_checkpoints.java}.
 */
public final class CheckpointFuzzer {

    /** Texts that betray an internal error rather than a statement about the file. */
    static final Pattern RAW = Pattern.compile(
            "[A-Za-z]+(Exception|Error)\\b|\\bjava\\.|Negative position|integer overflow|For input string"
                    + "|\\bnull\\b|out of bounds|out of memory|cannot read:|needs -\\d|\\bUnexpected\\b|\\bIndex \\d"
                    // the reader's own last resorts: a damage no check foresaw, or a forged size that reached the heap
                    + "|structure is inconsistent|Java heap");

    /** Outcome counts, and a description of every mutant that broke a rule. */
    public static final class Counts {
        public int mutants;
        public int refused;
        public int acceptedIdentical;
        public int acceptedChangedUnprotected;
        public final List<String> problems = new ArrayList<>();
        public final Map<String, Integer> refusalKinds = new LinkedHashMap<>();
        public long maxAllocatedBytes;
        public long baseAllocatedBytes;
        public long maxMillis;

        public void add(Counts o) {
            mutants += o.mutants;
            refused += o.refused;
            acceptedIdentical += o.acceptedIdentical;
            acceptedChangedUnprotected += o.acceptedChangedUnprotected;
            problems.addAll(o.problems);
            o.refusalKinds.forEach((k, v) -> refusalKinds.merge(k, v, Integer::sum));
            maxAllocatedBytes = Math.max(maxAllocatedBytes, o.maxAllocatedBytes);
            baseAllocatedBytes = Math.max(baseAllocatedBytes, o.baseAllocatedBytes);
            maxMillis = Math.max(maxMillis, o.maxMillis);
        }

        @Override
        public String toString() {
            return mutants + " mutants: " + refused + " refused cleanly, " + acceptedIdentical
                    + " accepted with identical tensors, " + acceptedChangedUnprotected
                    + " accepted with changed weight bytes (no checksum), " + problems.size() + " problems";
        }
    }

    /** A mutant: its bytes, what was done, and which original bytes it changed in place (or null). */
    record Mutant(byte[] bytes, String what, int[] changedInPlace) {}

    private final Path workDir;
    private final Duration perFile;

    public CheckpointFuzzer(Path workDir, Duration perFile) {
        this.workDir = workDir;
        this.perFile = perFile;
    }

    private record Reading(LoadedCheckpoint checkpoint, RuntimeException failure, long allocated, long millis) {}

    /** Fuzzes {@code fixture} with {@code n} mutants from {@code seed}. */
    public Counts fuzz(Path fixture, int n, long seed) throws IOException, InterruptedException {
        byte[] original = Files.readAllBytes(fixture);
        String name = fixture.getFileName().toString();
        List<long[]> unprotected = CheckpointReader.unprotectedRanges(fixture);
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        Counts c = new Counts();
        try {
            Reading base = readIn(exec, fixture);
            if (base == null || base.checkpoint == null) {
                throw new IllegalStateException(name + ": the original fixture does not read: "
                        + (base == null ? "timeout" : base.failure));
            }
            // a generous budget: what reading the original allocates, three times, plus 48 MB; a forged
            // length that allocates before it is checked (hundreds of MB) breaks it
            long budget = 3 * base.allocated + (48L << 20);
            c.baseAllocatedBytes = base.allocated;
            SplittableRandom rnd = new SplittableRandom(seed ^ name.hashCode());
            Path dir = workDir.resolve("mutants");
            Files.createDirectories(dir);
            for (int i = 0; i < n; i++) {
                Mutant m = mutate(original, rnd);
                Path f = dir.resolve(name);
                Files.write(f, m.bytes);
                c.mutants++;
                String id = name + " mutant " + i + " (" + m.what + ")";
                Reading r = readIn(exec, f);
                if (r == null) {
                    c.problems.add(id + ": no answer within " + perFile.toMillis() + " ms");
                    exec.shutdownNow();
                    exec = Executors.newSingleThreadExecutor();
                    continue;
                }
                c.maxAllocatedBytes = Math.max(c.maxAllocatedBytes, r.allocated);
                c.maxMillis = Math.max(c.maxMillis, r.millis);
                if (r.allocated > budget) {
                    c.problems.add(id + ": allocated " + (r.allocated >> 20) + " MB (budget " + (budget >> 20) + " MB)"
                            + (r.failure != null ? "; " + r.failure.getMessage() : ""));
                }
                if (r.failure != null) {
                    String msg = String.valueOf(r.failure.getMessage());
                    if (!(r.failure instanceof CheckpointException)) {
                        c.problems.add(id + ": refused with a raw " + r.failure);
                    } else if (!msg.startsWith(name + ": ") || msg.contains("\n") || RAW.matcher(msg).find()) {
                        c.problems.add(id + ": unclean message: " + msg);
                    } else {
                        c.refused++;
                        c.refusalKinds.merge(kind(msg.substring(name.length() + 2)), 1, Integer::sum);
                    }
                    continue;
                }
                String diff = difference(base.checkpoint, r.checkpoint);
                if (diff == null) {
                    c.acceptedIdentical++;
                } else if (m.changedInPlace != null && inside(m.changedInPlace, unprotected)) {
                    c.acceptedChangedUnprotected++;
                } else if (m.changedInPlace != null && harmlessOutside(exec, base.checkpoint, original, m, unprotected, f)) {
                    // the changes outside the weight bytes alone read as the original: the difference is
                    // all in unchecksummed weight bytes
                    c.acceptedChangedUnprotected++;
                } else {
                    c.problems.add(id + ": accepted, but " + diff);
                }
            }
        } finally {
            exec.shutdownNow();
        }
        return c;
    }

    /** The first words of a refusal, to tally what kinds of damage were found. */
    static String kind(String msg) {
        String k = msg.replaceAll("'[^']*'", "'..'").replaceAll("\\d+", "N");
        for (String stop : new String[] {":", " (", " at byte", " with shape"}) {
            int cut = k.indexOf(stop);
            if (cut > 0) k = k.substring(0, cut);
        }
        return k.length() > 60 ? k.substring(0, 60) : k;
    }

    private Reading readIn(ExecutorService exec, Path f) throws InterruptedException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Future<Reading> fut = exec.submit(() -> {
            long id = Thread.currentThread().getId();
            long a0 = mx.getThreadAllocatedBytes(id);
            long t0 = System.nanoTime();
            LoadedCheckpoint ok = null;
            RuntimeException fail = null;
            try {
                ok = CheckpointReader.read(f);
            } catch (RuntimeException e) {
                fail = e;
            }
            return new Reading(ok, fail, mx.getThreadAllocatedBytes(id) - a0, (System.nanoTime() - t0) / 1_000_000);
        });
        try {
            return fut.get(perFile.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fut.cancel(true);
            return null;
        } catch (ExecutionException e) {
            return new Reading(null, new RuntimeException("an Error escaped: " + e.getCause(), e.getCause()), 0, 0);
        }
    }

    /** Whether the mutant's same-length changes outside {@code unprotected}, applied alone, read as the original. */
    private boolean harmlessOutside(ExecutorService exec, LoadedCheckpoint base, byte[] original, Mutant m,
            List<long[]> unprotected, Path f) throws IOException, InterruptedException {
        byte[] b = original.clone();
        for (int p : m.changedInPlace) {
            if (!inside(new int[] {p}, unprotected)) b[p] = m.bytes[p];
        }
        Files.write(f, b);
        Reading r = readIn(exec, f);
        return r != null && r.checkpoint != null && difference(base, r.checkpoint) == null;
    }

    static boolean inside(int[] positions, List<long[]> ranges) {
        for (int p : positions) {
            boolean in = false;
            for (long[] r : ranges) {
                if (p >= r[0] && p < r[1]) {
                    in = true;
                    break;
                }
            }
            if (!in) return false;
        }
        return true;
    }

    /** Null when both read to the same architecture, tensors and normalizer; else what differs. */
    static String difference(LoadedCheckpoint a, LoadedCheckpoint b) {
        if (!a.spec().equals(b.spec())) return "the architecture changed: " + a.spec() + " -> " + b.spec();
        StateDict x = a.weights();
        StateDict y = b.weights();
        if (!x.tensors().keySet().equals(y.tensors().keySet())) return "the keys changed";
        for (Map.Entry<String, TensorValue> e : x.tensors().entrySet()) {
            TensorValue v = y.get(e.getKey());
            if (!Arrays.equals(e.getValue().shape(), v.shape())) return "'" + e.getKey() + "' changed shape";
            if (!Arrays.equals(e.getValue().data(), v.data())) return "'" + e.getKey() + "' changed values";
        }
        Optional<LoadedCheckpoint.Normalizer> na = a.normalizer();
        Optional<LoadedCheckpoint.Normalizer> nb = b.normalizer();
        if (na.isPresent() != nb.isPresent()) return "the normalizer appeared or vanished";
        if (na.isPresent() && (!Arrays.equals(na.get().mean(), nb.get().mean())
                || !Arrays.equals(na.get().std(), nb.get().std()))) {
            return "the normalizer changed";
        }
        return null;
    }

    private static final long[] EXTREMES = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0x80000000L,
            0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40, 100_000_000L, 3_000_000_000L};

    /** One random mutation; positions favour the first and last 4 KB, where the structure lives. */
    static Mutant mutate(byte[] o, SplittableRandom r) {
        int len = o.length;
        int pos = position(len, r);
        int kind = r.nextInt(10);
        switch (kind) {
            case 0: { // flip a bit
                byte[] b = o.clone();
                b[pos] ^= (byte) (1 << r.nextInt(8));
                return new Mutant(b, "bit flip at " + pos, new int[] {pos});
            }
            case 1: { // a random byte
                byte[] b = o.clone();
                byte v = (byte) r.nextInt(256);
                if (v == b[pos]) v ^= 1;
                b[pos] = v;
                return new Mutant(b, "byte at " + pos + " set to " + (v & 0xff), new int[] {pos});
            }
            case 2: case 3: { // an extreme integer of 1, 2, 4 or 8 bytes, either byte order
                int w = new int[] {1, 2, 4, 8}[r.nextInt(4)];
                pos = Math.min(pos, len - w);
                long v = r.nextInt(3) == 0 ? r.nextLong() : EXTREMES[r.nextInt(EXTREMES.length)];
                boolean little = r.nextBoolean();
                byte[] b = o.clone();
                List<Integer> changed = new ArrayList<>();
                for (int k = 0; k < w; k++) {
                    int shift = 8 * (little ? k : w - 1 - k);
                    byte nb = (byte) (v >>> shift);
                    if (b[pos + k] != nb) changed.add(pos + k);
                    b[pos + k] = nb;
                }
                return new Mutant(b, w + "-byte " + (little ? "LE" : "BE") + " " + v + " at " + pos,
                        changed.stream().mapToInt(Integer::intValue).toArray());
            }
            case 4: { // insert bytes
                int k = 1 + r.nextInt(r.nextBoolean() ? 4 : 16);
                byte[] ins = new byte[k];
                for (int i = 0; i < k; i++) ins[i] = (byte) r.nextInt(256);
                return new Mutant(splice(o, pos, 0, ins), k + " bytes inserted at " + pos, null);
            }
            case 5: { // delete bytes
                int k = Math.min(1 + r.nextInt(16), len - pos);
                return new Mutant(splice(o, pos, k, new byte[0]), k + " bytes deleted at " + pos, null);
            }
            case 6: { // truncate
                int cut = r.nextInt(len);
                return new Mutant(Arrays.copyOf(o, cut), "truncated to " + cut + " bytes", null);
            }
            case 7: { // append
                int k = 1 + r.nextInt(64);
                byte[] b = Arrays.copyOf(o, len + k);
                for (int i = len; i < b.length; i++) b[i] = (byte) r.nextInt(256);
                return new Mutant(b, k + " bytes appended", null);
            }
            case 8: { // duplicate a chunk in place (a shifted copy)
                int k = 1 + r.nextInt(64);
                int from = position(len, r);
                byte[] chunk = Arrays.copyOfRange(o, from, Math.min(len, from + k));
                return new Mutant(splice(o, pos, 0, chunk), chunk.length + " bytes of " + from + " repeated at " + pos, null);
            }
            default: { // several bit flips in the structure
                byte[] b = o.clone();
                int flips = 2 + r.nextInt(6);
                int[] at = new int[flips];
                for (int i = 0; i < flips; i++) {
                    at[i] = position(len, r);
                    b[at[i]] ^= (byte) (1 << r.nextInt(8));
                }
                return new Mutant(b, flips + " bit flips from " + at[0], Arrays.equals(b, o) ? new int[0] : at);
            }
        }
    }

    private static int position(int len, SplittableRandom r) {
        int zone = r.nextInt(10);
        if (zone < 4) return r.nextInt(len);
        if (zone < 7) return r.nextInt(Math.min(len, 4096));
        return len - 1 - r.nextInt(Math.min(len, 4096));
    }

    private static byte[] splice(byte[] o, int pos, int remove, byte[] insert) {
        byte[] b = new byte[o.length - remove + insert.length];
        System.arraycopy(o, 0, b, 0, pos);
        System.arraycopy(insert, 0, b, pos, insert.length);
        System.arraycopy(o, pos + remove, b, pos + insert.length, o.length - pos - remove);
        return b;
    }
}
