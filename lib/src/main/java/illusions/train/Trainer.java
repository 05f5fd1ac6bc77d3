package illusions.train;

import illusions.gpi.NonFiniteValueException;
import illusions.model.Batch;
import illusions.model.ModelCard;
import illusions.model.ModelExporter;
import illusions.model.StateDict;
import illusions.run.Provenance;
import illusions.run.Workbench;
import illusions.world.World;
import illusions.world.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loop over a synthetic world: data order, PGD for adversarial training, learning-rate
 * schedule, evaluation on the held-out split, checkpoints and resume ({@link CheckpointFolder}), the
 * per-epoch table ({@link EpochTable}), and the trained model's provenance and export
 * ({@link TrainingProvenance}).
 *
 * <p>Determinism: the images of step s are the world's images at positions
 * [b*batch, (b+1)*batch) of the permutation of epoch e (e = s / stepsPerEpoch, b = s mod
 * stepsPerEpoch), a permutation drawn from (seed, e); PGD random starts are drawn from (seed, s).
 * So a checkpoint's step number is the whole random state, and a resumed run sees exactly the
 * data an uninterrupted one would.
 */
public final class Trainer implements AutoCloseable {
    private final TrainConfig config;
    private final World world;
    private final TrainingGraph net;
    private final List<Map<String, Object>> history = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<Map<String, Object>> sessions = new ArrayList<>();
    private final ExecutorService renderer;
    private final int threads;
    private OptionalInt threadsBefore = OptionalInt.empty();
    private long step;
    private double trainSeconds;
    private Future<Rendered> prefetched;
    private long prefetchedStep = -1;

    private record Rendered(long[] indices, int[] labels, float[] data) {}

    /** One finished optimizer step. */
    public record StepResult(long step, int epoch, int batch, float loss, int correct, int n) {}

    /** Accuracy on the held-out split. */
    public record Evaluation(double cleanAccuracy, double robustAccuracy, double cleanLoss, int images) {}

    /** A fresh run from torchvision-initialized weights drawn from the config's seed. */
    public Trainer(TrainConfig config, int threads) {
        this(config, threads, TrainingGraph.initialWeights(config.spec(), config.seed()));
    }

    private Trainer(TrainConfig config, int threads, StateDict init) {
        refuseKnownOneDnnCrash(config.width(), config.inputSize(), System.getenv("TF_ENABLE_ONEDNN_OPTS"));
        this.config = config;
        this.threads = threads;
        this.world = config.createWorld();
        this.net = new TrainingGraph(config.spec(), init, config.optimizer(), config.lr(), config.momentum(), config.weightDecay(), threads);
        this.renderer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shape-world-renderer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Training a network narrower than 16 channels on images larger than 32 px corrupts native
     * memory inside TensorFlow 2.x's oneDNN kernels (malloc aborts or SIGSEGV at the first step;
     * measured 2026-12-06 on a 2-core AMD EPYC at widths 4 and 8, 48 and 64 px, depths [1,1,1,1]
     * and [2,2,2,2]; width 16 at 64 px and width 4 at 32 px train, and with
     * TF_ENABLE_ONEDNN_OPTS=0 width 4 at 64 px trains too). Refused up front with the way out
     * rather than left to crash the JVM.
     */
    static void refuseKnownOneDnnCrash(int width, int inputSize, String oneDnnOpts) {
        if (width < 16 && inputSize > 32 && !"0".equals(oneDnnOpts)) {
            throw new IllegalArgumentException("training width " + width + " at " + inputSize + " px crashes TensorFlow's oneDNN"
                    + " kernels: use --width 16 or more, --input-size 32 or less, or run with TF_ENABLE_ONEDNN_OPTS=0 (slower)");
        }
    }

    /** TensorFlow intra-op threads of a run that names none (the train CLI's default). */
    public static final int DEFAULT_THREADS = 2;

    /**
     * Continues a run from a checkpoint: same weights, running statistics, momentum, step and
     * history. {@code epochs} may extend the run (0 keeps the checkpoint's); with a cosine schedule
     * a changed epoch count changes the learning rates from here on.
     */
    public static Trainer resume(Path checkpoint, int threads, int epochs) throws IOException {
        return resume(checkpoint, OptionalInt.of(threads), epochs);
    }

    /**
     * {@link #resume(Path, int, int)}, with the thread count the run last ran with when
     * {@code threads} is empty ({@link #recordedThreads}; {@link #DEFAULT_THREADS} if nothing is
     * recorded). Another count reorders float sums, so the run would not continue bit for bit.
     */
    public static Trainer resume(Path checkpoint, OptionalInt threads, int epochs) throws IOException {
        Checkpoint.Contents c = Checkpoint.read(checkpoint);
        TrainConfig cfg = c.header().config();
        if (cfg == null) throw new CheckpointException("checkpoint " + checkpoint + " holds no training config");
        if (epochs > 0 && epochs != cfg.epochs()) cfg = cfg.withEpochs(epochs);
        OptionalInt before = recordedThreads(c.header());
        Trainer t = new Trainer(cfg, threads.orElse(before.orElse(DEFAULT_THREADS)));
        t.threadsBefore = before;
        try {
            t.net.restoreFullState(c.state());
        } catch (IllegalArgumentException e) {
            t.close();
            throw new CheckpointException("checkpoint " + checkpoint + " does not fit its own network: " + e.getMessage());
        }
        t.step = c.header().step();
        t.trainSeconds = c.header().trainSeconds();
        if (c.header().history() != null) t.history.addAll(c.header().history());
        if (c.header().commands() != null) t.commands.addAll(c.header().commands());
        if (c.header().sessions() != null) t.sessions.addAll(c.header().sessions());
        return t;
    }

    private static final Pattern THREADS_OPTION = Pattern.compile("(?:^|\\s)--threads(?:=|\\s+)(\\d+)(?=\\s|$)");

    /**
     * The thread count a checkpoint's run last ran with: its last session record's, or, in a
     * checkpoint written before session records existed, its last command line's {@code --threads}
     * ({@link #DEFAULT_THREADS} when that command names none). Empty when the checkpoint records neither.
     */
    public static OptionalInt recordedThreads(Checkpoint.Header header) {
        List<Map<String, Object>> ss = header.sessions();
        if (ss != null && !ss.isEmpty() && ss.get(ss.size() - 1).get("threads") instanceof Number n) {
            return OptionalInt.of(n.intValue());
        }
        List<String> cs = header.commands();
        if (cs == null || cs.isEmpty()) return OptionalInt.empty();
        Matcher m = THREADS_OPTION.matcher(cs.get(cs.size() - 1));
        int found = DEFAULT_THREADS;
        while (m.find()) found = Integer.parseInt(m.group(1)); // picocli keeps the last of a repeated option
        return OptionalInt.of(found);
    }

    /** For a resumed run, the thread count its checkpoint records ({@link #recordedThreads}); empty otherwise. */
    public OptionalInt threadsBefore() { return threadsBefore; }

    /**
     * A new run that starts from every variable of {@code checkpoint} (weights, running statistics,
     * optimizer state) instead of fresh weights, e.g. adversarial fine-tuning of a standard model;
     * step, schedule and data order are the new config's. The checkpoint must hold the same
     * network and optimizer; the config must name it in {@code initFrom}.
     */
    public static Trainer warmStart(Path checkpoint, TrainConfig config, int threads) throws IOException {
        Checkpoint.Contents c = Checkpoint.read(checkpoint);
        TrainConfig from = c.header().config();
        if (from == null || !from.spec().equals(config.spec()) || !from.optimizer().equals(config.optimizer())) {
            throw new CheckpointException("checkpoint " + checkpoint + " holds " + (from == null ? "no config"
                    : from.spec().name() + " trained with " + from.optimizer()) + ", not " + config.spec().name()
                    + " with " + config.optimizer() + ": warm-start from a run of the same network and optimizer");
        }
        Trainer t = new Trainer(config, threads);
        try {
            t.net.restoreFullState(c.state());
        } catch (IllegalArgumentException e) {
            t.close();
            throw new CheckpointException("checkpoint " + checkpoint + " does not fit the network: " + e.getMessage());
        }
        return t;
    }

    public TrainConfig config() { return config; }

    public World world() { return world; }

    /** Optimizer steps done so far. */
    public long step() { return step; }

    public boolean finished() { return step >= config.totalSteps(); }

    /** The epoch the next step belongs to (0-based). */
    public int epoch() { return (int) (step / config.stepsPerEpoch()); }

    public double trainSeconds() { return trainSeconds; }

    public List<Map<String, Object>> history() { return history; }

    /** The command lines of this run so far (the first started it, later ones resumed it); kept in checkpoints. */
    public List<String> commands() { return commands; }

    /**
     * Starts a work session of this run (a fresh start or a resume): adds its command line to
     * {@link #commands()} and records the session ({@link #SESSION_KEYS}: the command, the step it
     * starts at, the code it runs and the machine it runs on). A run resumed on another CPU kind does
     * not continue bit for bit (oneDNN picks kernels by instruction set), so a model's card must say
     * which steps ran where; the commit is the one this JVM's code came from, not the one at export.
     */
    public void startSession(String commandLine) {
        commands.add(commandLine);
        Map<String, Object> env = Provenance.collect(Workbench.root(), null, (String) null, config.seed(), threads, List.of());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", commandLine);
        s.put("first_step", step);
        for (String k : SESSION_KEYS.subList(2, SESSION_KEYS.size())) s.put(k, env.get(k));
        sessions.add(s);
    }

    /** What a session record holds, in order. */
    public static final List<String> SESSION_KEYS = List.of("command", "first_step", "created", "workbench_commit",
            "workbench_dirty", "threads", "tensorflow_version", "cpu", "cpu_id", "cpu_simd");

    /**
     * The recorded work sessions of this run, in order ({@link #startSession}); kept in checkpoints.
     * Sessions run before these records existed are not here: {@code commands().size() - sessions().size()}.
     */
    public List<Map<String, Object>> sessions() { return sessions; }

    public StateDict stateDict() { return net.stateDict(); }

    /** The world indices of the training images of step {@code s}, in batch order. */
    public long[] indicesOf(long s) {
        int perEpoch = config.stepsPerEpoch();
        int e = (int) (s / perEpoch);
        int b = (int) (s % perEpoch);
        int[] perm = permutation(e);
        long[] idx = new long[config.batchSize()];
        for (int i = 0; i < idx.length; i++) idx[i] = perm[b * config.batchSize() + i];
        return idx;
    }

    private int[] permutation(int epoch) {
        int n = config.trainSize();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(mix(config.seed(), 0x0DA7A0DE5L + epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The learning-rate multiplier of step {@code s}. */
    public float lrScale(long s) {
        if ("constant".equals(config.schedule())) return 1f;
        return (float) (0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) s / config.totalSteps()))));
    }

    /** Runs one optimizer step. */
    public StepResult trainStep() {
        long t0 = System.nanoTime();
        Rendered r = rendered(step);
        if (step + 1 < config.totalSteps()) prefetch(step + 1);
        int n = r.labels().length, s = config.inputSize();
        float[] x = r.data();
        if (config.adversarial()) {
            float f = config.epsFraction(step);
            float[] start = config.randomStart()
                    ? TrainingGraph.randomStart(x, n, f * config.eps(), new SplittableRandom(mix(config.seed() ^ 0x5EEDL, step)))
                    : x;
            x = net.pgd(r.data(), start, n, s, s, r.labels(), f * config.eps(), config.pgdSteps(),
                    f * config.pgdStepSize(), true);
        }
        TrainingGraph.StepOutput out = net.trainStep(x, n, s, s, r.labels(), lrScale(step));
        int perEpoch = config.stepsPerEpoch();
        int epoch = (int) (step / perEpoch), batch = (int) (step % perEpoch);
        if (!Float.isFinite(out.loss())) {
            throw new NonFiniteValueException("training loss is " + out.loss() + " at step " + step + " (epoch " + (epoch + 1)
                    + ", batch " + batch + " of " + perEpoch + "; world images " + preview(r.indices())
                    + "): training stopped; lower --lr or resume from an earlier checkpoint");
        }
        int correct = 0, c = config.spec().numClasses();
        for (int i = 0; i < n; i++) if (argmax(out.logits(), i * c, c) == r.labels()[i]) correct++;
        step++;
        trainSeconds += (System.nanoTime() - t0) / 1e9;
        return new StepResult(step - 1, epoch, batch, out.loss(), correct, n);
    }

    /** Clean and (eval-mode, L2 PGD from the clean image) robust accuracy on held-out images 0..evalSize-1. */
    public Evaluation evaluate() {
        int total = config.evalSize(), bs = config.batchSize(), s = config.inputSize(), c = config.spec().numClasses();
        int clean = 0, robust = 0;
        double loss = 0;
        for (int from = 0; from < total; from += bs) {
            int n = Math.min(bs, total - from);
            long[] idx = new long[n];
            for (int i = 0; i < n; i++) idx[i] = World.HELD_OUT_OFFSET + from + i;
            int[] y = new int[n];
            Batch b = world.batch(idx, y);
            float[] logits = net.evalLogits(b.data(), n, s, s);
            for (int i = 0; i < n; i++) if (argmax(logits, i * c, c) == y[i]) clean++;
            loss += net.loss(b.data(), n, s, s, y, false) * n;
            float[] adv = net.pgd(b.data(), b.data(), n, s, s, y, config.eps(), config.pgdSteps(), config.pgdStepSize(), false);
            float[] advLogits = net.evalLogits(adv, n, s, s);
            for (int i = 0; i < n; i++) if (argmax(advLogits, i * c, c) == y[i]) robust++;
        }
        return new Evaluation((double) clean / total, (double) robust / total, loss / total, total);
    }

    /** Writes a checkpoint of the current state (atomically). */
    public void save(Path file) throws IOException {
        Checkpoint.write(file, new Checkpoint.Header(config, step, trainSeconds, history, commands, sessions), net.fullState());
    }

    /** Adds a row to the per-epoch table (kept in checkpoints). */
    public void record(Map<String, Object> row) {
        history.add(new LinkedHashMap<>(row));
    }

    /**
     * Records the epoch that just ended (call when {@link #step()} is a multiple of the epoch's
     * steps) as a row of {@link EpochTable}: the training loss and accuracy the caller averaged over
     * the epoch's steps (of this session), the held-out evaluation, the learning rate of its last
     * step and the training time so far.
     */
    public Map<String, Object> recordEpoch(double trainLoss, double trainAccuracy, Evaluation ev) {
        if (step == 0 || step % config.stepsPerEpoch() != 0) {
            throw new IllegalStateException("step " + step + " does not end an epoch of " + config.stepsPerEpoch() + " steps");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", (int) ((step - 1) / config.stepsPerEpoch()) + 1);
        row.put("step", step);
        row.put("train_loss", trainLoss);
        row.put("train_accuracy", trainAccuracy);
        row.put("heldout_loss", ev.cleanLoss());
        row.put("clean_accuracy", ev.cleanAccuracy());
        row.put("robust_accuracy", ev.robustAccuracy());
        row.put("lr", config.lr() * lrScale(step - 1)); // a float, as in the checkpoints' history
        row.put("train_seconds", trainSeconds);
        record(row);
        return row;
    }

    /** TensorFlow intra-op threads of this trainer. */
    public int threads() { return threads; }

    /**
     * The provenance of the model as trained so far, after its last recorded epoch: commands,
     * config, world, time, held-out accuracies and the environment ({@link Provenance#collect}
     * with the workbench at {@link Workbench#root()}).
     *
     * @param commandLine            this session's arguments (the environment's command line)
     * @param wallSecondsLastSession wall-clock time of this session
     */
    public TrainingProvenance provenance(List<String> commandLine, double wallSecondsLastSession) {
        if (history.isEmpty()) throw new IllegalStateException("no epoch recorded yet: nothing to describe");
        if (commands.isEmpty()) throw new IllegalStateException("the trainer has no command line: add it to commands()");
        Map<String, Object> last = history.get(history.size() - 1);
        return new TrainingProvenance(
                "trained by the workbench: scripts/train.java on the synthetic " + config.world() + " world",
                commands.get(0), commands.size() > 1 ? List.copyOf(commands.subList(1, commands.size())) : null,
                config.seed(), config.worldSeed(), config, config.world(), Worlds.settingsOf(world.params()),
                Math.round(trainSeconds), Math.round(wallSecondsLastSession), config.evalSize(),
                ((Number) last.get("clean_accuracy")).doubleValue(), ((Number) last.get("robust_accuracy")).doubleValue(),
                String.format("L2 PGD eps %.3g, %d steps of %.3g, eval-mode BN, from the clean image", config.eps(),
                        config.pgdSteps(), config.pgdStepSize()),
                "raw RGB pixels in [0,1] (no normalization)",
                sessions.isEmpty() ? null : List.copyOf(sessions),
                Provenance.collect(Workbench.root(), null, (String) null, config.seed(), threads, commandLine));
    }

    /** The model.json card of the trained network with this provenance. */
    public ModelCard modelCard(TrainingProvenance provenance) {
        return ModelCard.of(config.spec(), config.classNames(), null, provenance.asMap());
    }

    /**
     * Exports the network to {@code dir} (which must not exist): the SavedModel with its
     * {@link #modelCard model.json}, README.md ({@link TrainingProvenance#markdown}) and the
     * per-epoch {@link EpochTable}.
     */
    public void export(Path dir, TrainingProvenance provenance) throws IOException {
        // Inside the export, so that a folder that exists is complete: campaigns start measuring on its appearance.
        String name = dir.toAbsolutePath().getFileName().toString();
        ModelExporter.export(config.spec(), stateDict(), modelCard(provenance), dir, tmp -> {
            EpochTable.write(history, tmp.resolve(EpochTable.FILE));
            Files.writeString(tmp.resolve("README.md"), provenance.markdown(name));
        });
    }

    private Rendered rendered(long s) {
        try {
            if (prefetched != null && prefetchedStep == s) return prefetched.get();
        } catch (Exception e) {
            throw new IllegalStateException("rendering the images of step " + s + " failed: " + e.getMessage(), e);
        }
        return render(s);
    }

    private void prefetch(long s) {
        prefetchedStep = s;
        prefetched = renderer.submit(() -> render(s));
    }

    private Rendered render(long s) {
        long[] idx = indicesOf(s);
        int[] y = new int[idx.length];
        Batch b = world.batch(idx, y);
        return new Rendered(idx, y, b.data());
    }

    private static String preview(long[] idx) {
        long[] head = Arrays.copyOf(idx, Math.min(8, idx.length));
        String s = Arrays.toString(head);
        return idx.length > head.length ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }

    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[off + i] > v[off + best]) best = i;
        return best;
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        renderer.shutdownNow();
        net.close();
    }
}
