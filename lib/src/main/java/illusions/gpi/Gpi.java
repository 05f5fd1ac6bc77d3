package illusions.gpi;

import illusions.image.RgbImage;
import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.OpProfile;
import illusions.model.OptimizedGraph;
import illusions.model.TensorValue;
import illusions.model.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Generative perceptual inference on a model: the update of {@link GpiStep} applied
 * {@code steps} times to a batch of samples, each with its own noise seed. Build once per model
 * and config, run on as many batches as needed.
 */
public final class Gpi {
    /** Receives progress: after each iteration, the per-sample loss at x_t. */
    public interface Listener {
        void onIteration(int iteration, float[] loss);
    }

    private final ClassifierModel model;
    private final GpiConfig config;
    private final GpiStep step;

    private final boolean shortcuts;

    public Gpi(ClassifierModel model, GpiConfig config) {
        this(model, config, true);
    }

    /**
     * {@code shortcuts}: skip what changes no bit of the result (the input normalization when it is
     * exact, the multiplications by an all-ones modulation; see {@link GpiStep}). Off in the test that
     * shows they change nothing, and under bf16, whose rewriter decides per graph which ops compute in
     * bfloat16, so that bf16 runs keep the graph they were measured with.
     */
    Gpi(ClassifierModel model, GpiConfig config, boolean shortcuts) {
        this.model = model;
        this.config = config;
        this.shortcuts = shortcuts && model.precision() == illusions.model.Precision.FP32;
        checkModel(model, config);
        this.step = new GpiStep(model, config.objective(), config.stepType(), config.projection(), config.stepSize(),
                config.eps(), config.diffusionNoise(), this.shortcuts && config.normalization() == illusions.model.InputNormalization.NONE);
    }

    public GpiConfig config() {
        return config;
    }

    /**
     * What a run of {@code config} on {@code model} needs from the model, checked without building
     * anything: the taps exist, and the dataset normalization is known if asked for. The objective's
     * own checks (class indices, layers) run when a {@link Gpi} is built.
     */
    public static void checkModel(ClassifierModel model, GpiConfig config) {
        for (String tap : config.taps()) model.output(tap); // fails early, naming the layers there are
        List<Tensor> made = new ArrayList<>();
        try {
            model.feedNormalization(model.session().runner(), config.normalization(), made);
        } finally {
            made.forEach(Tensor::close);
        }
    }

    /**
     * Refuses, before anything is allocated, a batch of {@code n} samples of {@code size} x
     * {@code size} that could not be held: more values than a Java array takes, or more than the
     * heap has room for (the batch and its working copies, the pictures kept at the shown
     * iterations, and a trajectory row per sample and step). The message says which limit and
     * how many samples would fit.
     */
    public static void checkBatch(int n, int size, int numClasses, GpiConfig config) {
        long per = 3L * size * size;
        long arrays = Math.multiplyHigh(n, per) != 0 ? Long.MAX_VALUE : n * per;
        if (arrays > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + n + " samples at " + size + "x" + size + " holds " + arrays
                    + " values, more than one Java array can (" + (Integer.MAX_VALUE - 8) + "): at most "
                    + (Integer.MAX_VALUE - 8) / per + " samples fit at this size");
        }
        int shown = config.showIterations().size();
        long perSample = per * 4 * (8 + (long) shown * (1 + 2L * config.taps().size()))
                + (config.steps() + 1L) * (numClasses * 4L + 160);
        long need = perSample * n;
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap * 0.8) {
            throw new IllegalArgumentException("a batch of " + n + " samples at " + size + "x" + size + " with "
                    + config.steps() + " steps needs about " + (need >> 20) + " MB of Java heap, more than the "
                    + (heap >> 20) + " MB available: at most " + Math.max(0, (long) (heap * 0.8) / perSample)
                    + " samples fit (or raise -Xmx)");
        }
    }

    public GpiResult run(List<Sample> samples, Listener listener) {
        if (samples.isEmpty()) throw new IllegalArgumentException("nothing to run: no samples");
        checkBatch(samples.size(), samples.get(0).image().height(), model.numClasses(), config);
        Batch x0 = Batch.of(samples.stream().map(Sample::start).toList());
        List<NoiseSource> noise = samples.stream().map(s -> new NoiseSource(s.seed())).toList();
        // What the objective fixes for the run (least likely classes, noisy target) and x_0 are
        // made into tensors once, not at every step.
        float[] m = new float[x0.n() * x0.height() * x0.width()];
        for (int i = 0; i < samples.size(); i++) {
            float[] mi = samples.get(i).modulation();
            int hw = x0.height() * x0.width();
            if (mi == null) java.util.Arrays.fill(m, i * hw, (i + 1) * hw, 1f);
            else System.arraycopy(mi, 0, m, i * hw, hw);
        }
        try (Objective.Loss loss = step.loss; TFloat32 x0t = x0.toTensor();
             TFloat32 mt = TFloat32.tensorOf(Shape.of(x0.n(), x0.height(), x0.width(), 1), DataBuffers.of(m, true, false))) {
            loss.prepare(model, x0, config.normalization(), noise);
            return iterate(samples, x0, x0t, mt, noise, listener, xNext(samples));
        }
    }

    /** The update to fetch for {@code samples}: without the multiplications by m when no sample has a mask. */
    private Operand<TFloat32> xNext(List<Sample> samples) {
        return shortcuts && samples.stream().allMatch(s -> s.modulation() == null) ? step.xNextUnmodulated : step.xNext;
    }

    private GpiResult iterate(List<Sample> samples, Batch x0, TFloat32 x0t, TFloat32 modulation, List<NoiseSource> noise,
            Listener listener, Operand<TFloat32> xNext) {
        int n = x0.n();
        List<IterationRecord> records = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        float[] x = x0.data();
        int per = x0.sampleSize();
        // The noise of step t+1 is drawn on another thread while TensorFlow runs step t, into the other of
        // two buffers. One thread draws every number, in order, so each sample's stream is what it always was.
        float[][] eps = {new float[x.length], new float[x.length]};
        java.util.concurrent.ExecutorService drawer = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
            Thread th = new Thread(task, "gpi-noise");
            th.setDaemon(true);
            return th;
        });
        java.util.function.IntFunction<java.util.concurrent.Future<?>> draw = t -> drawer.submit(() -> {
            for (int i = 0; i < n; i++) noise.get(i).fill(eps[t % 2], i * per, per);
        });
        java.util.concurrent.Future<?> drawn = config.steps() > 0 ? draw.apply(0) : null;
        long start = System.nanoTime();
        try {
            for (int t = 0; t <= config.steps(); t++) {
                boolean last = t == config.steps();
                boolean show = config.showIterations().contains(t);
                if (!last) await(drawn);
                List<Tensor> toClose = new ArrayList<>();
                try {
                    TFloat32 xt = tensor(x0, x);
                    TFloat32 nt = tensor(x0, eps[t % 2]); // copied: the buffer may be drawn into again
                    toClose.addAll(List.of(xt, nt));
                    if (t + 1 < config.steps()) drawn = draw.apply(t + 1);
                    Session.Runner r = model.session().runner().feed(step.x, xt).feed(step.x0, x0t).feed(step.noise, nt)
                            .feed(step.modulation, modulation);
                    feedImageStandIn(r, toClose);
                    model.feedNormalization(r, config.normalization(), toClose);
                    step.loss.feed(r);
                    r.fetch(step.loss.perSample()).fetch(step.gradNorm).fetch(model.logits());
                    if (!last) r.fetch(xNext);
                    if (show) {
                        r.fetch(step.gradMagnitude);
                        for (String tap : config.taps()) r.fetch(model.output(tap));
                    }
                    try (Result res = r.run()) {
                        int k = 0;
                        float[] loss = Tensors.floats((TFloat32) res.get(k++));
                        float[] gradNorm = Tensors.floats((TFloat32) res.get(k++));
                        float[] logits = Tensors.floats((TFloat32) res.get(k++));
                        checkFinite(loss, "loss", t, samples);
                        checkFinite(gradNorm, "gradient norm", t, samples);
                        int classes = logits.length / n;
                        for (int i = 0; i < n; i++) {
                            float[] zi = Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
                            records.add(IterationRecord.of(t, i, loss[i], gradNorm[i], zi));
                        }
                        float[] next = last ? x : Tensors.floats((TFloat32) res.get(k++));
                        if (show) {
                            float[] gm = Tensors.floats((TFloat32) res.get(k++));
                            Map<String, TensorValue> acts = new LinkedHashMap<>();
                            for (String tap : config.taps()) acts.put(tap, Tensors.read((TFloat32) res.get(k++)));
                            int hw = x0.height() * x0.width();
                            for (int i = 0; i < n; i++) {
                                Map<String, TensorValue> mine = new LinkedHashMap<>();
                                for (var e : acts.entrySet()) mine.put(e.getKey(), slice(e.getValue(), i));
                                snapshots.add(new Snapshot(t, i, new RgbImage(x0.height(), x0.width(),
                                        Arrays.copyOfRange(x, i * per, (i + 1) * per)),
                                        Arrays.copyOfRange(gm, i * hw, (i + 1) * hw), mine));
                            }
                        }
                        if (!last) {
                            checkFinite(next, "image", t + 1, samples);
                            x = next;
                        }
                        if (listener != null) listener.onIteration(t, loss);
                    }
                } finally {
                    toClose.forEach(Tensor::close);
                }
            }
        } finally {
            drawer.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        List<RgbImage> finals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            finals.add(new RgbImage(x0.height(), x0.width(), Arrays.copyOfRange(x, i * per, (i + 1) * per)));
        }
        return new GpiResult(List.copyOf(samples), records, snapshots, finals, step.loss.preparedSummary(), elapsed);
    }

    /**
     * One update evaluated at a given point, for comparing precisions: {@code direction} is the step
     * type's direction of the gradient (g / ||g|| for l2), {@code next} the updated x with the
     * given noise, {@code loss} the per-sample loss, all for the whole batch.
     */
    public record Probe(float[] direction, float[] next, float[] loss) {}

    /**
     * The update at each {@code xs[t]} with noise {@code noises[t]} (arrays laid out as the batch of
     * {@code samples}, [N,H,W,3]), the objective prepared from the samples' starts exactly as
     * {@link #run} prepares it. Nothing is iterated: every point is evaluated on its own, so two
     * engines (fp32 and bf16) can be compared at the same x with the same noise.
     */
    public List<Probe> probe(List<Sample> samples, List<float[]> xs, List<float[]> noises) {
        if (xs.size() != noises.size()) throw new IllegalArgumentException(xs.size() + " points but " + noises.size() + " noises");
        List<Probe> out = new ArrayList<>();
        prepared(samples, (x0, x0t, mt) -> {
            for (int t = 0; t < xs.size(); t++) {
                List<Tensor> toClose = new ArrayList<>();
                try {
                    Session.Runner r = stepRunner(x0, x0t, mt, xs.get(t), noises.get(t), toClose);
                    r.fetch(step.direction).fetch(xNext(samples)).fetch(step.loss.perSample());
                    try (Result res = r.run()) {
                        out.add(new Probe(Tensors.floats((TFloat32) res.get(0)), Tensors.floats((TFloat32) res.get(1)),
                                Tensors.floats((TFloat32) res.get(2))));
                    }
                } finally {
                    toClose.forEach(Tensor::close);
                }
            }
        });
        return out;
    }

    /**
     * The graph TensorFlow runs for one update of {@code samples} (fetching what {@link #run}
     * fetches at an iteration), after grappler's rewrites: shows whether the bfloat16 rewriter
     * took effect and where the ops were placed.
     */
    public OptimizedGraph optimizedGraph(List<Sample> samples) {
        return withStepRunner(samples, OptimizedGraph::of);
    }

    /**
     * Where the time of one step on {@code samples} goes, by op type: the first step's runner
     * (x_0, zero noise), fetching what {@link #run} fetches, traced {@code runs} times.
     */
    public OpProfile profile(List<Sample> samples, int runs) {
        return withStepRunner(samples, r -> OpProfile.of(r, runs));
    }

    private <T> T withStepRunner(List<Sample> samples, Function<Session.Runner, T> use) {
        List<T> out = new ArrayList<>(1);
        prepared(samples, (x0, x0t, mt) -> {
            List<Tensor> toClose = new ArrayList<>();
            try {
                Session.Runner r = stepRunner(x0, x0t, mt, x0.data(), new float[x0.data().length], toClose);
                r.fetch(step.loss.perSample()).fetch(step.gradNorm).fetch(model.logits()).fetch(xNext(samples));
                out.add(use.apply(r));
            } finally {
                toClose.forEach(Tensor::close);
            }
        });
        return out.get(0);
    }

    private interface PreparedRun {
        void accept(Batch x0, TFloat32 x0t, TFloat32 modulation);
    }

    /** As {@link #run} sets up a run (x_0, the modulation, the objective prepared), then {@code body}. */
    private void prepared(List<Sample> samples, PreparedRun body) {
        if (samples.isEmpty()) throw new IllegalArgumentException("nothing to run: no samples");
        Batch x0 = Batch.of(samples.stream().map(Sample::start).toList());
        List<NoiseSource> noise = samples.stream().map(s -> new NoiseSource(s.seed())).toList();
        int hw = x0.height() * x0.width();
        float[] m = new float[x0.n() * hw];
        for (int i = 0; i < samples.size(); i++) {
            float[] mi = samples.get(i).modulation();
            if (mi == null) Arrays.fill(m, i * hw, (i + 1) * hw, 1f);
            else System.arraycopy(mi, 0, m, i * hw, hw);
        }
        try (Objective.Loss loss = step.loss; TFloat32 x0t = x0.toTensor();
             TFloat32 mt = TFloat32.tensorOf(Shape.of(x0.n(), x0.height(), x0.width(), 1), DataBuffers.of(m, true, false))) {
            loss.prepare(model, x0, config.normalization(), noise);
            body.accept(x0, x0t, mt);
        }
    }

    private Session.Runner stepRunner(Batch x0, TFloat32 x0t, TFloat32 modulation, float[] x, float[] noise,
            List<Tensor> toClose) {
        if (x.length != x0.data().length || noise.length != x.length) {
            throw new IllegalArgumentException("a point or noise of " + x.length + "/" + noise.length
                    + " values for a batch of " + x0.data().length);
        }
        TFloat32 xt = tensor(x0, x);
        toClose.add(xt);
        TFloat32 nt = tensor(x0, noise);
        toClose.add(nt);
        Session.Runner r = model.session().runner().feed(step.x, xt).feed(step.x0, x0t).feed(step.noise, nt)
                .feed(step.modulation, modulation);
        feedImageStandIn(r, toClose);
        model.feedNormalization(r, config.normalization(), toClose);
        step.loss.feed(r);
        return r;
    }

    private static void await(java.util.concurrent.Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the noise", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("drawing the noise failed", e.getCause());
        }
    }

    /** When x is fed at the network's normalized input, the image input gets a one-pixel stand-in (see GpiStep). */
    private void feedImageStandIn(Session.Runner r, List<Tensor> toClose) {
        if (step.normalizedX == null) return;
        TFloat32 t = GpiStep.imageStandIn();
        toClose.add(t);
        r.feed(model.image(), t);
    }

    private static TFloat32 tensor(Batch shape, float[] data) {
        return TFloat32.tensorOf(Shape.of(shape.n(), shape.height(), shape.width(), 3),
                DataBuffers.of(data, true, false));
    }

    /** Sample i of a batched tensor, without the batch axis. */
    static TensorValue slice(TensorValue batched, int i) {
        long[] s = batched.shape();
        int per = (int) (batched.data().length / s[0]);
        return new TensorValue(Arrays.copyOfRange(s, 1, s.length),
                Arrays.copyOfRange(batched.data(), i * per, (i + 1) * per));
    }

    private static void checkFinite(float[] v, String what, int t, List<Sample> samples) {
        int per = v.length / samples.size();
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                Sample s = samples.get(j / per);
                throw new NonFiniteValueException("the " + what + " became " + v[j] + " at iteration " + t
                        + " of sample '" + s.label() + "' (seed " + s.seed() + "): lower --step-size or --noise,"
                        + " or check the model's weights");
            }
        }
    }
}
