package illusions.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A network of the workbench's contract, live in a TensorFlow session: the input {@code image},
 * the taps ({@code stem}, {@code layer1}..{@code layer4}, {@code features}) and {@code logits}.
 * The GPI engine adds its update step to {@link #graph()}.
 */
public final class ClassifierModel implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final AutoCloseable owner;
    private final Output<TFloat32> image;
    private final Map<String, Output<TFloat32>> outputs;
    private final Output<TFloat32> normMean;
    private final Output<TFloat32> normStd;
    private final ModelCard card;
    private final String sourceHash;
    private final Precision precision;

    ClassifierModel(Graph graph, Session session, AutoCloseable owner, Output<TFloat32> image,
            Map<String, Output<TFloat32>> outputs, Output<TFloat32> normMean, Output<TFloat32> normStd,
            ModelCard card, String sourceHash, Precision precision) {
        this.precision = precision;
        this.graph = graph;
        this.session = session;
        this.owner = owner;
        this.image = image;
        this.outputs = Map.copyOf(outputs);
        this.normMean = normMean;
        this.normStd = normStd;
        this.card = card;
        this.sourceHash = sourceHash;
    }

    /**
     * A model built directly in memory from weights (tests, benchmarks, the exporter). Same graph as
     * an exported and reloaded one.
     */
    public static ClassifierModel inMemory(ResNetSpec spec, StateDict weights, ModelCard card, int threads) {
        return inMemory(spec, weights, card, threads, ResNetGraph.BatchNormMode.FOLDED);
    }

    /** As {@link #inMemory(ResNetSpec, StateDict, ModelCard, int)}, with batch norm computed another way. */
    public static ClassifierModel inMemory(ResNetSpec spec, StateDict weights, ModelCard card, int threads,
            ResNetGraph.BatchNormMode batchNorm) {
        return inMemory(spec, weights, card, threads, batchNorm, Precision.FP32);
    }

    /** As {@link #inMemory(ResNetSpec, StateDict, ModelCard, int)}, computing in {@code precision}. */
    public static ClassifierModel inMemory(ResNetSpec spec, StateDict weights, ModelCard card, int threads,
            Precision precision) {
        return inMemory(spec, weights, card, threads, ResNetGraph.BatchNormMode.FOLDED, precision);
    }

    public static ClassifierModel inMemory(ResNetSpec spec, StateDict weights, ModelCard card, int threads,
            ResNetGraph.BatchNormMode batchNorm, Precision precision) {
        return inMemory(spec, weights, card, precision.sessionConfig(threads, 1), batchNorm, precision);
    }

    /** The general form: any session configuration (threads, inter-op threads, rewriter options). */
    public static ClassifierModel inMemory(ResNetSpec spec, StateDict weights, ModelCard card, ConfigProto config,
            ResNetGraph.BatchNormMode batchNorm, Precision precision) {
        Graph g = new Graph();
        try {
            ResNetGraph net = ResNetGraph.build(g, spec, batchNorm);
            Session s = new Session(g, config);
            net.assign(s, weights);
            AutoCloseable owner = () -> {
                s.close();
                g.close();
            };
            Map<String, Output<TFloat32>> outs = new LinkedHashMap<>();
            net.outputs().forEach((k, v) -> outs.put(k, v.asOutput()));
            ModelCard c = card != null ? card : ModelCard.of(spec, null, null, Map.of("source", "in-memory"));
            if (!ModelLoader.frozenWeights()) {
                return new ClassifierModel(g, s, owner, net.image().asOutput(), outs,
                        floatOutput(g, ResNetGraph.NORM_MEAN), floatOutput(g, ResNetGraph.NORM_STD), c, "in-memory", precision);
            }
            java.util.List<String> keep = new java.util.ArrayList<>();
            outs.values().forEach(o -> keep.add(o.op().name()));
            keep.add(net.image().asOutput().op().name());
            keep.add(ResNetGraph.NORM_MEAN);
            keep.add(ResNetGraph.NORM_STD);
            FrozenGraph.Frozen f = FrozenGraph.freeze(g, s, keep, config);
            try {
                // outputs are found in the frozen graph by the names they had here, so this graph closes last
                Map<String, Output<TFloat32>> fouts = new LinkedHashMap<>();
                outs.forEach((k, o) -> fouts.put(k, f.same(o)));
                ClassifierModel frozen = new ClassifierModel(f.graph(), f.session(), f, f.same(net.image().asOutput()), fouts,
                        floatOutput(f.graph(), ResNetGraph.NORM_MEAN), floatOutput(f.graph(), ResNetGraph.NORM_STD), c, "in-memory", precision);
                s.close();
                g.close();
                return frozen;
            } catch (RuntimeException e) {
                f.close();
                throw e;
            }
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    static Output<TFloat32> floatOutput(Graph g, String name) {
        Output<?> o = g.output(name);
        return o == null ? null : (Output<TFloat32>) o;
    }

    /** intra-op threads as given, one inter-op thread, fp32: the fastest setting measured on 2 cores. */
    public static ConfigProto sessionConfig(int threads) {
        return Precision.FP32.sessionConfig(threads, 1);
    }

    /** The arithmetic this model's session computes in. */
    public Precision precision() { return precision; }

    private java.util.Set<String> devices;

    /**
     * The devices TensorFlow placed this model's ops on (e.g. {@code CPU:0}, or {@code GPU:0} with
     * the GPU natives on a machine with a GPU), from the partition graphs of one batch-1 forward
     * pass (run once, then remembered).
     */
    public synchronized java.util.Set<String> devices() {
        if (devices == null) {
            int s = inputSize();
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, s, s, 3))) {
                java.util.TreeSet<String> short_ = new java.util.TreeSet<>();
                for (String d : OptimizedGraph.of(session.runner().feed(image, x).fetch(logits())).devices()) {
                    short_.add(d.substring(d.indexOf("device:") >= 0 ? d.indexOf("device:") + 7 : 0));
                }
                devices = java.util.Collections.unmodifiableSet(short_);
            }
        }
        return devices;
    }

    public Graph graph() { return graph; }

    /** Whether this model's weights are graph constants ({@link FrozenGraph}) rather than variables. */
    public boolean frozenWeights() { return owner instanceof FrozenGraph.Frozen; }

    public Session session() { return session; }

    public Output<TFloat32> image() { return image; }

    public Output<TFloat32> logits() { return outputs.get(ResNetGraph.LOGITS); }

    /** A tap or the logits by name. */
    public Output<TFloat32> output(String name) {
        Output<TFloat32> o = outputs.get(name);
        if (o == null) {
            throw new IllegalArgumentException("unknown layer '" + name + "'; the model has "
                    + String.join(", ", outputNames()));
        }
        return o;
    }

    public List<String> outputNames() {
        return outputs.keySet().stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList();
    }

    private static int order(String name) {
        int i = ResNetGraph.TAPS.indexOf(name);
        return i >= 0 ? i : ResNetGraph.TAPS.size();
    }

    public ModelCard card() { return card; }

    /** SHA-256 over the model's files (see {@link ModelLoader#hashModelDirectory}), for provenance. */
    public String sourceHash() { return sourceHash; }

    public int numClasses() { return card.architecture().numClasses(); }

    public int inputSize() { return card.architecture().inputSize(); }

    private boolean normalizedInputSearched;
    private Output<TFloat32> normalizedInput;

    /**
     * The tensor the network proper reads, {@code (image - mean) / std}, when feeding the image there
     * instead gives the same numbers bit for bit: the graph's normalization is that subtraction and
     * division by the per-run mean/std inputs, and their defaults (what runs without
     * {@code --normalization dataset} use) are exactly +0 and 1, so that x - 0 = x and x / 1 = x for
     * every float. Null otherwise. Feeding it skips two broadcasting ops over the whole batch in the
     * forward pass, and a gradient taken with respect to it skips their gradients in the backward pass.
     */
    public synchronized Output<TFloat32> exactNormalizedInput() {
        if (normalizedInputSearched) return normalizedInput;
        normalizedInputSearched = true;
        if (!acceptsNormalization()) return null;
        try (Result r = session.runner().fetch(normMean).fetch(normStd).run()) {
            float[] mean = Tensors.floats((TFloat32) r.get(0));
            float[] std = Tensors.floats((TFloat32) r.get(1));
            for (float m : mean) if (Float.floatToRawIntBits(m) != 0) return null;
            for (float s : std) if (s != 1f) return null;
        }
        for (org.tensorflow.GraphOperation sub : ((org.tensorflow.GraphOperation) image.op()).consumers()) {
            if (!sub.type().equals("Sub") || sub.numInputs() != 2 || !same(sub.input(0), image) || !same(sub.input(1), normMean)) continue;
            for (org.tensorflow.GraphOperation div : sub.consumers()) {
                if ((div.type().equals("Div") || div.type().equals("RealDiv")) && div.numInputs() == 2
                        && same(div.input(0), sub.output(0)) && same(div.input(1), normStd)) {
                    normalizedInput = div.output(0);
                    return normalizedInput;
                }
            }
        }
        return null;
    }

    private static boolean same(Output<?> a, Output<?> b) {
        return a.op().name().equals(b.op().name()) && a.index() == b.index();
    }

    /** True if the graph accepts a per-run normalization (every model the workbench exports does). */
    public boolean acceptsNormalization() { return normMean != null && normStd != null; }

    /**
     * Adds the feeds that select input normalization for one run: the model card's dataset
     * mean/std, or none (raw [0,1] pixels, the graph's default).
     */
    public void feedNormalization(Session.Runner runner, InputNormalization mode, List<Tensor> toClose) {
        if (mode == InputNormalization.NONE) return;
        ModelCard.Normalization n = card.normalization();
        if (n == null) {
            throw new IllegalArgumentException("--normalization dataset was asked for, but model.json of this model"
                    + " records no dataset mean/std: use --normalization none");
        }
        if (!acceptsNormalization()) {
            throw new IllegalArgumentException("this model's graph has no normalization inputs, so it cannot"
                    + " normalize per run: use --normalization none");
        }
        TFloat32 m = TFloat32.vectorOf(n.mean());
        TFloat32 s = TFloat32.vectorOf(n.std());
        toClose.add(m);
        toClose.add(s);
        runner.feed(normMean, m).feed(normStd, s);
    }

    /** Runs the network on a batch and returns the named outputs (taps or logits). */
    public Map<String, TensorValue> forward(Batch batch, InputNormalization norm, String... names) {
        List<Tensor> toClose = new java.util.ArrayList<>();
        try {
            TFloat32 x = batch.toTensor();
            toClose.add(x);
            Session.Runner r = session.runner().feed(image, x);
            feedNormalization(r, norm, toClose);
            for (String n : names) r.fetch(output(n));
            try (Result res = r.run()) {
                Map<String, TensorValue> out = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) out.put(names[i], Tensors.read((TFloat32) res.get(i)));
                return out;
            }
        } finally {
            toClose.forEach(Tensor::close);
        }
    }

    private Output<TFloat32> ceGradient;
    private Placeholder<TFloat32> ceLabels;

    /**
     * The gradient with respect to the input of the cross-entropy of the logits against one-hot
     * {@code labels}, summed over the batch: the quantity the checkpoint equality tests compare
     * with PyTorch. Built into the graph on first use.
     */
    public synchronized TensorValue crossEntropyInputGradient(Batch batch, int[] labels, InputNormalization norm) {
        if (labels.length != batch.n()) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + batch.n());
        }
        if (ceGradient == null) {
            Ops tf = Ops.create(graph).withSubScope("ce_gradient");
            ceLabels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, numClasses())));
            Operand<TFloat32> ce = tf.reduceSum(
                    tf.nn.softmaxCrossEntropyWithLogits(logits(), ceLabels).loss(), tf.constant(0));
            @SuppressWarnings("unchecked")
            Output<TFloat32> g = (Output<TFloat32>) graph.addGradients(ce.asOutput(), new Output<?>[] {image})[0];
            ceGradient = g;
        }
        float[] oneHot = new float[labels.length * numClasses()];
        for (int i = 0; i < labels.length; i++) oneHot[i * numClasses() + labels[i]] = 1f;
        List<Tensor> toClose = new java.util.ArrayList<>();
        try {
            TFloat32 x = batch.toTensor();
            TFloat32 y = TFloat32.tensorOf(Shape.of(labels.length, numClasses()), DataBuffers.of(oneHot, true, false));
            toClose.add(x);
            toClose.add(y);
            Session.Runner r = session.runner().feed(image, x).feed(ceLabels, y);
            feedNormalization(r, norm, toClose);
            try (Result res = r.fetch(ceGradient).run()) {
                return Tensors.read((TFloat32) res.get(0));
            }
        } finally {
            toClose.forEach(Tensor::close);
        }
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release the model", e);
        }
    }
}
