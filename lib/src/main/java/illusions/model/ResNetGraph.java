package illusions.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Builds a torchvision-layout ResNet as a plain TensorFlow graph: NHWC, explicit {@code Pad} +
 * VALID convolutions (torchvision's padding exactly; TF's EXPLICIT padding has no gradient),
 * inference-mode batch norm, weights as variables (constants would quadruple the native memory).
 *
 * <p>Named graph nodes (the SavedModel contract): input {@code image} [N,H,W,3] in [0,1];
 * {@code normalization_mean} and {@code normalization_std} (placeholders with defaults 0 and 1,
 * fed per run so that normalization is chosen per run, not baked in); outputs {@code stem}
 * (conv1+bn+relu, before max-pool), {@code layer1}..{@code layer4}, {@code features} (global
 * average pool) and {@code logits}.
 */
public final class ResNetGraph {
    public static final String INPUT = "image";
    public static final String NORM_MEAN = "normalization_mean";
    public static final String NORM_STD = "normalization_std";
    public static final List<String> TAPS = List.of("stem", "layer1", "layer2", "layer3", "layer4", "features");
    public static final String LOGITS = "logits";
    static final float BN_EPS = 1e-5f; // torchvision's BatchNorm2d default

    private final ResNetSpec spec;
    private final Placeholder<TFloat32> image;
    private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
    /** Variables by torchvision name, stored in TF layout (conv [kh,kw,in,out], fc [in,classes]). */
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Ops tf;
    /** Convolution name -> the batch norm folded into it (FOLDED mode). */
    private final Map<String, String> foldedInto = new LinkedHashMap<>();

    private ResNetGraph(Graph graph, ResNetSpec spec) {
        this.spec = spec;
        this.tf = Ops.create(graph);
        image = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        Operand<TFloat32> mean = tf.withName(NORM_MEAN).placeholderWithDefault(
                tf.constant(new float[] {0f, 0f, 0f}), Shape.of(3));
        Operand<TFloat32> std = tf.withName(NORM_STD).placeholderWithDefault(
                tf.constant(new float[] {1f, 1f, 1f}), Shape.of(3));
        Operand<TFloat32> x = tf.math.div(tf.math.sub(image, mean), std);

        Ops net = tf.withSubScope("resnet");
        x = ResNetTopology.body(net, spec, x, (in, conv, bn, k, stride, pad) -> convBn(net, in, conv, bn, k, stride, pad),
                (name, t) -> outputs.put(name, tf.withName(name).identity(t)));
        Operand<TFloat32> features = tf.withName("features").math.mean(x, tf.constant(new int[] {1, 2}));
        outputs.put("features", features);
        Variable<TFloat32> fcW = variable(net, "fc.weight", Shape.of(spec.featureChannels(), spec.numClasses()));
        Variable<TFloat32> fcB = variable(net, "fc.bias", Shape.of(spec.numClasses()));
        outputs.put(LOGITS, tf.withName(LOGITS).nn.biasAdd(tf.linalg.matMul(features, fcW), fcB));
    }

    /** Adds the network to {@code graph}; its variables still need {@link #assign}. */
    public static ResNetGraph build(Graph graph, ResNetSpec spec) {
        return new ResNetGraph(graph, spec);
    }

    /** The same network with batch norm computed another way (for measurement and tests). */
    public static synchronized ResNetGraph build(Graph graph, ResNetSpec spec, BatchNormMode mode) {
        BatchNormMode saved = batchNormMode;
        batchNormMode = mode;
        try {
            return new ResNetGraph(graph, spec);
        } finally {
            batchNormMode = saved;
        }
    }

    public ResNetSpec spec() { return spec; }

    public Placeholder<TFloat32> image() { return image; }

    /** {@code stem}, {@code layer1}..{@code layer4}, {@code features}, {@code logits}. */
    public Map<String, Operand<TFloat32>> outputs() { return outputs; }

    public Map<String, Variable<TFloat32>> variables() { return variables; }

    /**
     * Loads PyTorch-layout weights into the variables in one session run. Each tensor is fed
     * through a placeholder; the transposition to TF layout happens here in Java.
     */
    public void assign(Session session, StateDict weights) {
        weights.checkFits(spec);
        Ops load = tf.withSubScope("load");
        Session.Runner runner = session.runner();
        List<TFloat32> feeds = new ArrayList<>();
        try {
            for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
                float[] data = tfValue(e.getKey(), weights);
                long[] tfShape = e.getValue().shape().asArray();
                Placeholder<TFloat32> ph = load.placeholder(TFloat32.class, Placeholder.shape(Shape.of(tfShape)));
                Op assign = load.assign(e.getValue(), ph);
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(tfShape), DataBuffers.of(data, true, false));
                feeds.add(tensor);
                runner.feed(ph, tensor).addTarget(assign);
            }
            runner.run().close();
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    private Operand<TFloat32> conv(Ops net, Operand<TFloat32> x, String name, int k, int stride, int pad) {
        long[] torchShape = spec.parameterShapes().get(name + ".weight");
        Variable<TFloat32> w = variable(net, name + ".weight", Shape.of(k, k, torchShape[1], torchShape[0]));
        return ResNetTopology.conv(net, x, w, k, stride, pad);
    }

    /**
     * How inference-mode batch norm is computed. All three are the same function up to float
     * rounding; FOLDED is the fastest for GPI because the gradient then needs no pass over the
     * activations for the norm, and is what models use. The others stay for measurement.
     */
    public enum BatchNormMode {
        /** BN folded into the preceding convolution at assignment: conv(x, W * s) + (beta - mean * s), s = gamma / sqrt(var + eps). */
        FOLDED,
        /** FusedBatchNormV3 with is_training=false after the convolution. */
        FUSED,
        /** A per-channel Mul and BiasAdd computed in the graph from the four BN variables. */
        SCALE_SHIFT
    }

    /** The mode graphs are built with; FOLDED unless a benchmark or test compares the others. */
    static BatchNormMode batchNormMode = BatchNormMode.FOLDED;

    /** Suffix of the folded shift variable that replaces a batch norm's four variables in FOLDED mode. */
    static final String FOLDED_SHIFT = ".folded_shift";

    /** Convolution followed by inference-mode batch norm. */
    private Operand<TFloat32> convBn(Ops net, Operand<TFloat32> x, String conv, String bn, int k, int stride, int pad) {
        Operand<TFloat32> y = conv(net, x, conv, k, stride, pad);
        if (batchNormMode == BatchNormMode.FOLDED) {
            foldedInto.put(conv, bn);
            Variable<TFloat32> shift = variable(net, bn + FOLDED_SHIFT, Shape.of(shapeOf(bn + ".bias")));
            return net.nn.biasAdd(y, shift);
        }
        Variable<TFloat32> gamma = variable(net, bn + ".weight", Shape.of(shapeOf(bn + ".weight")));
        Variable<TFloat32> beta = variable(net, bn + ".bias", Shape.of(shapeOf(bn + ".bias")));
        Variable<TFloat32> mean = variable(net, bn + ".running_mean", Shape.of(shapeOf(bn + ".running_mean")));
        Variable<TFloat32> var = variable(net, bn + ".running_var", Shape.of(shapeOf(bn + ".running_var")));
        if (batchNormMode == BatchNormMode.FUSED) {
            return net.nn.fusedBatchNorm(y, gamma, beta, mean, var, FusedBatchNorm.epsilon(BN_EPS),
                    FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
        }
        Operand<TFloat32> scale = net.math.mul(gamma, net.math.rsqrt(net.math.add(var, net.constant(BN_EPS))));
        Operand<TFloat32> offset = net.math.sub(beta, net.math.mul(mean, scale));
        return net.nn.biasAdd(net.math.mul(y, scale), offset);
    }

    /** Per-channel s = gamma / sqrt(var + eps), in double for the folding. */
    static double[] bnScale(StateDict w, String bn) {
        float[] gamma = w.get(bn + ".weight").data();
        float[] var = w.get(bn + ".running_var").data();
        double[] s = new double[gamma.length];
        for (int c = 0; c < s.length; c++) s[c] = gamma[c] / Math.sqrt((double) var[c] + BN_EPS);
        return s;
    }

    /** The value of graph variable {@code name} in TF layout, folding batch norm where the graph does. */
    private float[] tfValue(String name, StateDict w) {
        if (name.endsWith(FOLDED_SHIFT)) {
            String bn = name.substring(0, name.length() - FOLDED_SHIFT.length());
            double[] s = bnScale(w, bn);
            float[] beta = w.get(bn + ".bias").data();
            float[] mean = w.get(bn + ".running_mean").data();
            float[] out = new float[s.length];
            for (int c = 0; c < s.length; c++) out[c] = (float) (beta[c] - mean[c] * s[c]);
            return out;
        }
        float[] tf = ResNetTopology.toTfLayout(w.get(name));
        String conv = name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : null;
        String bn = conv == null ? null : foldedInto.get(conv);
        if (bn != null) {
            double[] s = bnScale(w, bn); // TF layout [kh,kw,in,out]: out is the fastest axis
            for (int i = 0; i < tf.length; i++) tf[i] = (float) (tf[i] * s[i % s.length]);
        }
        return tf;
    }

    private long[] shapeOf(String name) {
        return spec.parameterShapes().get(name);
    }

    private Variable<TFloat32> variable(Ops net, String torchName, Shape shape) {
        // TF node names may not contain every character torch uses; dots are fine, keep them readable.
        Variable<TFloat32> v = net.withName(torchName).variable(shape, TFloat32.class);
        variables.put(torchName, v);
        return v;
    }

}
