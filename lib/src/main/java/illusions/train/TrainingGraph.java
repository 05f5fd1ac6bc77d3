package illusions.train;

import illusions.gpi.Projection;
import illusions.gpi.StepRule;
import illusions.gpi.StepType;
import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.ResNetSpec;
import illusions.model.ResNetTopology;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import illusions.model.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A trainable torchvision-layout ResNet in its own graph and session: the same layers, padding
 * and variable names as {@link illusions.model.ResNetGraph} (weights by torch name, TF layouts
 * conv [kh,kw,in,out] and fc [in,classes]), built twice over shared variables:
 *
 * <ul>
 *   <li>the <b>train tower</b>: batch norm on batch statistics ({@code FusedBatchNormV3},
 *       is_training), each step also updating the running statistics as PyTorch does
 *       (momentum 0.1, running_var from the unbiased batch variance);</li>
 *   <li>the <b>eval tower</b>: batch norm on the running statistics, exactly the inference graph
 *       that {@link illusions.model.ModelExporter} exports.</li>
 * </ul>
 *
 * <p>Loss: mean softmax cross-entropy against one-hot labels plus {@code weightDecay/2 * sum w^2}
 * over every trainable tensor (what PyTorch's {@code SGD(weight_decay=...)} does). Optimizer:
 * {@code tensorflow-framework}'s {@link Momentum} (heavy-ball, PyTorch's SGD momentum update)
 * applied to gradients multiplied by a fed learning-rate scale, so that a schedule needs no
 * graph change.
 *
 * <p>PGD in the L2 norm (Madry et al.; the robustness library's L2 step): one graph step maps
 * (x, x_clean) to clamp01(x_clean + project_eps(x + alpha * g / ||g||_2 - x_clean)) with g the
 * per-sample gradient of the cross-entropy with respect to the input: GPI's {@link StepRule} with
 * step type L2 and projection L2 ({@link #PGD_STEP}). It exists for both towers:
 * training attacks use the train tower (batch statistics, as the robustness library attacks the
 * model in its current, training mode; unlike PyTorch, attack passes do not touch the running
 * statistics), evaluation attacks use the eval tower.
 *
 * <p>Inputs are raw [0,1] pixels (no normalization), as in the exported contract's default.
 *
 * <p>Variables are top-level graph nodes named by their torch name ({@code conv1.weight}, not
 * ResNetGraph's {@code resnet/conv1.weight}): the framework optimizer names its slots
 * {@code <variable>-momentum}, which must not contain a '/'. The hand-over to the exported graph
 * is by torch name through {@link #stateDict()}, so the node names do not matter there.
 */
public final class TrainingGraph implements AutoCloseable {
    static final float BN_EPS = 1e-5f;
    static final float BN_MOMENTUM = 0.1f;
    /**
     * What the PGD step adds to ||g||_2: 1e-12, not GPI's and the robustness library's 1e-10
     * ({@link StepType#NORM_STABILIZER}). The shipped models were trained with 1e-12, and the two
     * differ in float32 whenever a sample's gradient norm is below 2^-9 (about 0.002: there
     * ||g|| + 1e-10 rounds to another float than ||g|| + 1e-12, which is ||g|| itself above 2^-15),
     * as it is on images an adversarially trained network classifies confidently; so 1e-10 would
     * change training results. Everything else is GPI's rule.
     */
    static final float PGD_NORM_STABILIZER = 1e-12f;
    /** The L2 step and the L2-ball projection of the robustness library, through GPI's {@link StepRule}. */
    static final StepRule PGD_STEP = new StepRule(StepType.L2, Projection.L2, PGD_NORM_STABILIZER);

    private final ResNetSpec spec;
    private final Graph graph;
    private final Session session;
    private final Ops tf;
    private final Placeholder<TFloat32> image;
    private final Placeholder<TFloat32> labels;
    private final Placeholder<TFloat32> clean;
    private final Operand<TFloat32> lrScale;
    private final Placeholder<TFloat32> eps;
    private final Placeholder<TFloat32> stepSize;
    /** Trainable tensors by torch name (TF layout). */
    private final Map<String, Variable<TFloat32>> params = new LinkedHashMap<>();
    /** BN running statistics by torch name. */
    private final Map<String, Variable<TFloat32>> buffers = new LinkedHashMap<>();
    private final List<Op> bnUpdates = new ArrayList<>();
    private final Operand<TFloat32> trainLogits;
    private final Operand<TFloat32> evalLogits;
    private final Operand<TFloat32> trainLoss;
    private final Operand<TFloat32> evalLoss;
    private final Operand<TFloat32> totalLoss;
    private final Op trainOp;
    private final Operand<TFloat32> pgdTrain;
    private final Operand<TFloat32> pgdEval;
    /** dLoss/dx of the train and the eval tower, what {@link #pgdTrain} and {@link #pgdEval} step along. */
    private final List<Operand<TFloat32>> inputGradients = new ArrayList<>(2);
    /** Every variable of the graph (weights, running stats, optimizer slots) with its restore op. */
    private final Map<String, Restorable> state = new LinkedHashMap<>();

    private record Restorable(Output<TFloat32> variable, Placeholder<TFloat32> value, Op assign) {}

    /**
     * Builds the graph and a session, and loads {@code init} (PyTorch layouts).
     *
     * @param learningRate base learning rate (the fed scale multiplies it)
     * @param momentum     heavy-ball momentum (0.9 in the robustness library)
     * @param weightDecay  L2 penalty coefficient (5e-4 in the robustness library)
     * @param threads      intra-op threads
     */
    public TrainingGraph(ResNetSpec spec, StateDict init, float learningRate, float momentum, float weightDecay,
            int threads) {
        this(spec, init, "sgd", learningRate, momentum, weightDecay, threads);
    }

    /**
     * @param optimizerName "sgd" (heavy-ball momentum, PyTorch's SGD) or "adam" (tensorflow-framework's
     *                      Adam, default betas; {@code momentum} unused)
     */
    public TrainingGraph(ResNetSpec spec, StateDict init, String optimizerName, float learningRate, float momentum,
            float weightDecay, int threads) {
        if (!"sgd".equals(optimizerName) && !"adam".equals(optimizerName)) {
            throw new IllegalArgumentException("optimizer must be sgd or adam, got '" + optimizerName + "'");
        }
        if (spec.blockType() != BlockType.BASIC && spec.blockType() != BlockType.BOTTLENECK) {
            throw new IllegalArgumentException("unsupported block type " + spec.blockType());
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0,1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.spec = spec;
        this.graph = new Graph();
        try {
            tf = Ops.create(graph);
            int c = spec.numClasses();
            image = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c)));
            clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            lrScale = tf.withName("lr_scale").placeholderWithDefault(tf.constant(1f), Shape.scalar());
            eps = tf.withName("pgd_eps").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            stepSize = tf.withName("pgd_step_size").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

            trainLogits = forward(tf.withSubScope("train"), image, true);
            evalLogits = forward(tf.withSubScope("eval"), image, false);
            Operand<TFloat32> trainCe = tf.nn.softmaxCrossEntropyWithLogits(trainLogits, labels).loss();
            Operand<TFloat32> evalCe = tf.nn.softmaxCrossEntropyWithLogits(evalLogits, labels).loss();
            trainLoss = tf.withName("train_loss").math.mean(trainCe, tf.constant(0));
            evalLoss = tf.withName("eval_loss").math.mean(evalCe, tf.constant(0));

            Operand<TFloat32> penalty = tf.constant(0f);
            for (Variable<TFloat32> v : params.values()) {
                penalty = tf.math.add(penalty, tf.reduceSum(tf.math.mul(v, v), allAxes(v)));
            }
            totalLoss = tf.withName("total_loss").math.add(trainLoss, tf.math.mul(tf.constant(weightDecay / 2f), penalty));

            Output<?>[] vars = params.values().stream().map(Variable::asOutput).toArray(Output<?>[]::new);
            Output<?>[] grads = graph.addGradients(totalLoss.asOutput(), vars);
            List<Optimizer.GradAndVar<? extends TType>> gv = new ArrayList<>();
            for (int i = 0; i < vars.length; i++) {
                @SuppressWarnings("unchecked")
                Output<TFloat32> g = (Output<TFloat32>) grads[i];
                @SuppressWarnings("unchecked")
                Output<TFloat32> v = (Output<TFloat32>) vars[i];
                gv.add(new Optimizer.GradAndVar<>(tf.math.mul(g, lrScale).asOutput(), v));
            }
            Optimizer optimizer = "adam".equals(optimizerName)
                    ? new org.tensorflow.framework.optimizers.Adam(graph, learningRate)
                    : new Momentum(graph, learningRate, momentum, false);
            Op apply = optimizer.applyGradients(gv, "train_step");
            List<Op> all = new ArrayList<>(bnUpdates);
            all.add(apply);
            trainOp = tf.withControlDependencies(all).withName("train_op").noOp();

            pgdTrain = pgdStep(tf.withSubScope("pgd_train"), trainCe, inputGradients);
            pgdEval = pgdStep(tf.withSubScope("pgd_eval"), evalCe, inputGradients);

            collectState();
            session = new Session(graph, true, ClassifierModel.sessionConfig(threads));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        try {
            session.initialize(); // the optimizer's slots (zeros); before any assignment
            loadStateDict(init);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ResNetSpec spec() { return spec; }

    // --- running ---------------------------------------------------------------------------------

    /** Loss (cross-entropy, without the weight penalty) and logits of one training step. */
    public record StepOutput(float loss, float[] logits) {}

    /** One optimizer step on (x, labels) with the learning rate times {@code scale}. */
    public StepOutput trainStep(float[] x, int n, int h, int w, int[] y, float scale) {
        List<Tensor> close = new ArrayList<>();
        try {
            Session.Runner r = session.runner().feed(image, tensor(close, x, n, h, w, 3))
                    .feed(labels, oneHot(close, y)).feed(lrScale, scalar(close, scale))
                    .addTarget(trainOp).fetch(trainLoss).fetch(trainLogits);
            try (Result res = r.run()) {
                float loss = ((TFloat32) res.get(0)).getFloat();
                return new StepOutput(loss, Tensors.read((TFloat32) res.get(1)).data());
            }
        } finally {
            close.forEach(Tensor::close);
        }
    }

    /** Eval-mode (running statistics) logits, [n, classes] row-major. */
    public float[] evalLogits(float[] x, int n, int h, int w) {
        return fetch(evalLogits, x, n, h, w, null);
    }

    /** Mean cross-entropy in eval mode (running statistics) or train mode (batch statistics, no update). */
    public float loss(float[] x, int n, int h, int w, int[] y, boolean trainMode) {
        return fetch(trainMode ? trainLoss : evalLoss, x, n, h, w, y)[0];
    }

    /**
     * L2 PGD: {@code steps} steps of size {@code alpha} from {@code start} (the clean image, or a
     * random point in the ball) within the ball of radius {@code epsilon} around {@code x}, in [0,1].
     *
     * @param trainMode attack the train tower (batch statistics) instead of the eval tower
     */
    public float[] pgd(float[] x, float[] start, int n, int h, int w, int[] y, float epsilon, int steps, float alpha,
            boolean trainMode) {
        float[] adv = start.clone();
        for (int s = 0; s < steps; s++) {
            List<Tensor> close = new ArrayList<>();
            try {
                Session.Runner r = session.runner().feed(image, tensor(close, adv, n, h, w, 3))
                        .feed(clean, tensor(close, x, n, h, w, 3)).feed(labels, oneHot(close, y))
                        .feed(eps, scalar(close, epsilon)).feed(stepSize, scalar(close, alpha))
                        .fetch(trainMode ? pgdTrain : pgdEval);
                try (Result res = r.run()) {
                    adv = Tensors.read((TFloat32) res.get(0)).data();
                }
            } finally {
                close.forEach(Tensor::close);
            }
        }
        return adv;
    }

    /** dLoss/dx (the summed cross-entropy's input gradient) that a PGD step from {@code adv} follows. */
    float[] inputGradient(float[] adv, int n, int h, int w, int[] y, boolean trainMode) {
        return fetch(inputGradients.get(trainMode ? 0 : 1), adv, n, h, w, y);
    }

    /**
     * A random start as in the robustness library's L2 step: x + eps * u / ||u|| for Gaussian u,
     * clamped to [0,1], with u drawn from {@code rng}.
     */
    public static float[] randomStart(float[] x, int n, float epsilon, java.util.SplittableRandom rng) {
        float[] out = x.clone();
        int per = x.length / n;
        for (int i = 0; i < n; i++) {
            double[] u = new double[per];
            double norm = 0;
            for (int j = 0; j < per; j++) {
                double u1 = rng.nextDouble(), u2 = rng.nextDouble();
                u[j] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                norm += u[j] * u[j];
            }
            norm = Math.sqrt(norm) + 1e-10;
            for (int j = 0; j < per; j++) {
                out[i * per + j] = (float) Math.max(0, Math.min(1, x[i * per + j] + epsilon * u[j] / norm));
            }
        }
        return out;
    }

    // --- weights and state -------------------------------------------------------------------------

    /** The weights and running statistics in PyTorch layouts, by torch name (spec order). */
    public StateDict stateDict() {
        Map<String, Output<TFloat32>> byName = new LinkedHashMap<>();
        for (String k : spec.parameterShapes().keySet()) {
            Variable<TFloat32> v = params.containsKey(k) ? params.get(k) : buffers.get(k);
            byName.put(k, v.asOutput());
        }
        Map<String, float[]> tfValues = read(byName);
        Map<String, TensorValue> m = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : spec.parameterShapes().entrySet()) {
            m.put(e.getKey(), new TensorValue(e.getValue(), ResNetTopology.fromTfLayout(e.getValue(), tfValues.get(e.getKey()))));
        }
        return new StateDict(m);
    }

    /** Assigns weights and running statistics (PyTorch layouts); the optimizer state is left as it is. */
    public void loadStateDict(StateDict weights) {
        weights.checkFits(spec);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String k : spec.parameterShapes().keySet()) {
            Variable<TFloat32> v = params.containsKey(k) ? params.get(k) : buffers.get(k);
            values.put(v.asOutput().op().name(), ResNetTopology.toTfLayout(weights.get(k)));
        }
        restore(values);
    }

    /**
     * Every variable of the graph by node name (weights, running statistics and the optimizer's
     * momentum slots), TF layouts, flat: what a checkpoint holds.
     */
    public Map<String, TensorValue> fullState() {
        Map<String, Output<TFloat32>> outs = new LinkedHashMap<>();
        state.forEach((k, r) -> outs.put(k, r.variable()));
        Map<String, float[]> values = read(outs);
        Map<String, TensorValue> m = new LinkedHashMap<>();
        state.forEach((k, r) -> m.put(k, new TensorValue(r.variable().shape().asArray(), values.get(k))));
        return m;
    }

    /** Restores a {@link #fullState()}; every variable must be present with its shape. */
    public void restoreFullState(Map<String, TensorValue> values) {
        Map<String, float[]> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Restorable> e : state.entrySet()) {
            TensorValue t = values.get(e.getKey());
            long[] want = e.getValue().variable().shape().asArray();
            if (t == null) throw new IllegalArgumentException("the checkpoint has no value for '" + e.getKey() + "'");
            if (!Arrays.equals(t.shape(), want)) {
                throw new IllegalArgumentException("the checkpoint's '" + e.getKey() + "' has shape " + t.shapeString()
                        + " but this network needs " + Arrays.toString(want));
            }
            flat.put(e.getKey(), t.data());
        }
        if (values.size() != state.size()) {
            List<String> extra = values.keySet().stream().filter(k -> !state.containsKey(k)).toList();
            throw new IllegalArgumentException("the checkpoint holds variables this network does not have: " + extra);
        }
        restore(flat);
    }

    /** Torch-initialized weights (torchvision init, BN weight 1, bias 0, running mean 0, var 1). */
    public static StateDict initialWeights(ResNetSpec spec, long seed) {
        StateDict r = StateDict.random(spec, seed);
        Map<String, TensorValue> m = new LinkedHashMap<>();
        for (Map.Entry<String, TensorValue> e : r.tensors().entrySet()) {
            String k = e.getKey();
            TensorValue t = e.getValue();
            boolean bn = t.shape().length == 1 && !k.startsWith("fc.");
            if (bn) {
                float fill = k.endsWith(".weight") || k.endsWith("running_var") ? 1f : 0f;
                float[] d = new float[t.data().length];
                Arrays.fill(d, fill);
                m.put(k, new TensorValue(t.shape(), d));
            } else {
                m.put(k, t);
            }
        }
        return new StateDict(m);
    }

    @Override
    public void close() {
        try {
            if (session != null) session.close();
        } finally {
            graph.close();
        }
    }

    // --- graph construction ------------------------------------------------------------------------

    private Operand<TFloat32> forward(Ops net, Operand<TFloat32> x, boolean training) {
        x = ResNetTopology.body(net, spec, x,
                (in, conv, bn, k, stride, pad) -> batchNorm(net, conv(net, in, conv, k, stride, pad), bn, training),
                (name, tap) -> { });
        Operand<TFloat32> features = net.math.mean(x, net.constant(new int[] {1, 2}));
        Variable<TFloat32> fcW = param("fc.weight", Shape.of(spec.featureChannels(), spec.numClasses()));
        Variable<TFloat32> fcB = param("fc.bias", Shape.of(spec.numClasses()));
        return net.nn.biasAdd(net.linalg.matMul(features, fcW), fcB);
    }

    private Operand<TFloat32> conv(Ops net, Operand<TFloat32> x, String name, int k, int stride, int pad) {
        long[] torchShape = spec.parameterShapes().get(name + ".weight");
        Variable<TFloat32> w = param(name + ".weight", Shape.of(k, k, torchShape[1], torchShape[0]));
        return ResNetTopology.conv(net, x, w, k, stride, pad);
    }

    private Operand<TFloat32> batchNorm(Ops net, Operand<TFloat32> x, String name, boolean training) {
        long[] ch = spec.parameterShapes().get(name + ".weight");
        Variable<TFloat32> gamma = param(name + ".weight", Shape.of(ch));
        Variable<TFloat32> beta = param(name + ".bias", Shape.of(ch));
        Variable<TFloat32> mean = buffer(name + ".running_mean", Shape.of(ch));
        Variable<TFloat32> var = buffer(name + ".running_var", Shape.of(ch));
        if (!training) {
            return net.nn.fusedBatchNorm(x, gamma, beta, mean, var, FusedBatchNorm.epsilon(BN_EPS),
                    FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
        }
        return batchNormTraining(net, x, gamma, beta, mean, var, bnUpdates);
    }

    /**
     * Training-mode batch norm on batch statistics; appends to {@code updates} the assignments
     * running = (1 - 0.1) * running + 0.1 * batch statistic, with the unbiased batch variance for
     * running_var (PyTorch's BatchNorm2d).
     */
    static Operand<TFloat32> batchNormTraining(Ops net, Operand<TFloat32> x, Variable<TFloat32> gamma,
            Variable<TFloat32> beta, Variable<TFloat32> runMean, Variable<TFloat32> runVar, List<Op> updates) {
        Operand<TFloat32> empty = net.constant(new float[0]);
        FusedBatchNorm<TFloat32, TFloat32> bn = net.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
                FusedBatchNorm.epsilon(BN_EPS), FusedBatchNorm.isTraining(true), FusedBatchNorm.dataFormat("NHWC"));
        // FusedBatchNormV3 normalizes with the biased variance but outputs the Bessel-corrected one
        // as batch_variance (checked by TrainingGraphTest.runningStatisticsFollowPyTorch).
        Operand<TFloat32> keep = net.constant(1f - BN_MOMENTUM);
        Operand<TFloat32> take = net.constant(BN_MOMENTUM);
        updates.add(net.assign(runMean, net.math.add(net.math.mul(runMean, keep), net.math.mul(bn.batchMean(), take))));
        updates.add(net.assign(runVar, net.math.add(net.math.mul(runVar, keep), net.math.mul(bn.batchVariance(), take))));
        return bn.y();
    }

    /** One PGD step of {@link #PGD_STEP} on the input; {@code gradients} receives dLoss/dx. */
    private Operand<TFloat32> pgdStep(Ops p, Operand<TFloat32> perSampleLoss, List<Operand<TFloat32>> gradients) {
        Operand<TFloat32> sum = p.reduceSum(perSampleLoss, p.constant(0));
        @SuppressWarnings("unchecked")
        Output<TFloat32> g = (Output<TFloat32>) graph.addGradients(sum.asOutput(), new Output<?>[] {image.asOutput()})[0];
        gradients.add(g);
        return PGD_STEP.update(p, image, g, clean, stepSize, eps);
    }

    private Operand<org.tensorflow.types.TInt32> allAxes(Variable<TFloat32> v) {
        int r = v.shape().numDimensions();
        int[] a = new int[r];
        for (int i = 0; i < r; i++) a[i] = i;
        return tf.constant(a);
    }

    private Variable<TFloat32> param(String torchName, Shape shape) {
        return params.computeIfAbsent(torchName, k -> tf.withName(k).variable(shape, TFloat32.class));
    }

    private Variable<TFloat32> buffer(String torchName, Shape shape) {
        return buffers.computeIfAbsent(torchName, k -> tf.withName(k).variable(shape, TFloat32.class));
    }

    @SuppressWarnings("unchecked")
    private void collectState() {
        Ops r = tf.withSubScope("restore");
        List<GraphOperation> vars = new ArrayList<>();
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().equals("VariableV2")) vars.add(op);
        }
        vars.sort((a, b) -> a.name().compareTo(b.name()));
        for (GraphOperation op : vars) {
            Output<TFloat32> v = (Output<TFloat32>) (Output<?>) op.output(0);
            Placeholder<TFloat32> ph = r.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
            Op assign = r.assign(v, ph);
            state.put(op.name(), new Restorable(v, ph, assign));
        }
    }

    private void restore(Map<String, float[]> values) {
        List<Tensor> close = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                Restorable rs = state.get(e.getKey());
                if (rs == null) throw new IllegalStateException("no variable named " + e.getKey());
                TFloat32 t = TFloat32.tensorOf(rs.variable().shape(), DataBuffers.of(e.getValue(), true, false));
                close.add(t);
                runner.feed(rs.value(), t).addTarget(rs.assign());
            }
            runner.run().close();
        } finally {
            close.forEach(Tensor::close);
        }
    }

    private Map<String, float[]> read(Map<String, Output<TFloat32>> outs) {
        Session.Runner runner = session.runner();
        List<String> names = new ArrayList<>(outs.keySet());
        for (String n : names) runner.fetch(outs.get(n));
        Map<String, float[]> m = new LinkedHashMap<>();
        try (Result res = runner.run()) {
            for (int i = 0; i < names.size(); i++) m.put(names.get(i), Tensors.read((TFloat32) res.get(i)).data());
        }
        return m;
    }

    private float[] fetch(Operand<TFloat32> out, float[] x, int n, int h, int w, int[] y) {
        List<Tensor> close = new ArrayList<>();
        try {
            Session.Runner r = session.runner().feed(image, tensor(close, x, n, h, w, 3)).fetch(out);
            if (y != null) r.feed(labels, oneHot(close, y));
            try (Result res = r.run()) {
                return Tensors.read((TFloat32) res.get(0)).data();
            }
        } finally {
            close.forEach(Tensor::close);
        }
    }

    private static TFloat32 tensor(List<Tensor> close, float[] d, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(d, true, false));
        close.add(t);
        return t;
    }

    private static TFloat32 scalar(List<Tensor> close, float v) {
        TFloat32 t = TFloat32.scalarOf(v);
        close.add(t);
        return t;
    }

    private TFloat32 oneHot(List<Tensor> close, int[] y) {
        int c = spec.numClasses();
        float[] d = new float[y.length * c];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= c) throw new IllegalArgumentException("label " + y[i] + " outside 0.." + (c - 1));
            d[i * c + y[i]] = 1f;
        }
        return tensor(close, d, y.length, c);
    }

}
