package illusions.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tensorflow.Output;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * Loads any SavedModel of the workbench's contract and refuses anything else before TensorFlow
 * runs a single op of it: the graph is read as data first, and every op type must be on an
 * allowlist of inference, variable and checkpoint-restore ops (so a model file cannot run code,
 * read or write files beyond its own variables, or call functions).
 */
public final class ModelLoader {
    /** Ops a ResNet of the contract (from this exporter or an equivalent one) may contain. */
    static final Set<String> ALLOWED_OPS = Set.of(
            // network
            "Placeholder", "PlaceholderWithDefault", "Const", "Identity", "Conv2D", "Pad", "PadV2", "MaxPool",
            "MaxPoolV2", "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "Relu", "Relu6", "Add", "AddV2",
            "Sub", "Mul", "Div", "RealDiv", "Mean", "MatMul", "BiasAdd", "Rsqrt", "Sqrt", "Reshape", "Squeeze",
            "Softmax", "AvgPool", "Transpose", "Cast", "NoOp", "ZerosLike", "OnesLike", "Fill", "Shape", "StridedSlice", "Pack", "ConcatV2",
            // variables and their initialisation
            "VariableV2", "Variable", "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "Assign", "VarIsInitializedOp",
            // the saver graph: restore reads this model's variables/ files, save only runs if asked to
            "SaveV2", "RestoreV2", "MergeV2Checkpoints", "ShardedFilename", "StringJoin", "ShardedFilespec");

    private ModelLoader() {}

    public static ClassifierModel load(Path dir, int threads) throws IOException {
        return load(dir, threads, Precision.FP32);
    }

    /**
     * As {@link #load(Path, int)}, the session computing in {@code precision} (see {@link Precision}).
     * A model loaded in a precision other than fp32 is first compared with its fp32 twin
     * ({@link PrecisionCheck}) and refused if this CPU's kernels disagree with fp32.
     */
    public static ClassifierModel load(Path dir, int threads, Precision precision) throws IOException {
        ClassifierModel model = loadUnchecked(dir, threads, precision);
        if (precision == Precision.FP32) return model;
        try (ClassifierModel fp32 = loadUnchecked(dir, threads, Precision.FP32)) {
            PrecisionCheck c = PrecisionCheck.compare(fp32, model);
            if (!c.agrees()) {
                throw new ModelLoadException("--precision " + precision.cliName() + " gives wrong numbers on this CPU ("
                        + Precision.cpuBf16Support() + ") for " + dir + ": " + c.describe() + "; use --precision fp32");
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The {@link PrecisionCheck} {@link #load(Path, int, Precision)} makes, on its own (e.g. to report it). */
    public static PrecisionCheck precisionCheck(Path dir, int threads, Precision precision) throws IOException {
        try (ClassifierModel fp32 = loadUnchecked(dir, threads, Precision.FP32);
             ClassifierModel low = loadUnchecked(dir, threads, precision)) {
            return PrecisionCheck.compare(fp32, low);
        }
    }

    private static ClassifierModel loadUnchecked(Path dir, int threads, Precision precision) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelLoadException("no model directory at " + dir + ": pass --model DIR with a SavedModel"
                    + " exported by the workbench (see models/README.md)");
        }
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            throw new ModelLoadException(dir + " has no saved_model.pb, so it is not a SavedModel: convert a"
                    + " checkpoint with `./jbang convert` or train one with `./jbang train`");
        }
        ModelCard card;
        Path cardFile = dir.resolve(ModelCard.FILE);
        try {
            card = ModelCard.read(dir);
        } catch (IOException e) {
            throw new ModelLoadException(cardFile + " is not a valid model card: " + firstLine(e.getMessage()));
        }
        if (card == null) {
            throw new ModelLoadException(dir + " has no " + ModelCard.FILE + " (architecture, classes, normalization):"
                    + " export models with the workbench, which writes it");
        }
        ResNetSpec spec = checkCard(cardFile, card);
        Map<String, long[]> variables = checkGraph(dir, pb);
        String hash = hashModelDirectory(dir);
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(precision.sessionConfig(threads, 1)).load();
        } catch (TensorFlowException e) {
            throw new ModelLoadException(dir + " could not be loaded by TensorFlow: " + firstLine(e.getMessage()));
        }
        try {
            Signature sig = bundle.signatures().stream().filter(s -> Signature.DEFAULT_KEY.equals(s.key())).findFirst()
                    .orElseThrow(() -> new ModelLoadException(dir + " has no '" + Signature.DEFAULT_KEY
                            + "' signature: export it with the workbench's contract"));
            ClassifierModel model = bind(dir, bundle.graph(), bundle.session(), bundle, sig, card, hash, precision);
            checkCardAgainstGraph(cardFile, spec, variables);
            if (!frozenWeights()) return model;
            // The contract is checked on the SavedModel as stored; GPI then runs on its weights as constants.
            List<String> keep = new ArrayList<>();
            for (Signature.TensorDescription d : sig.getOutputs().values()) keep.add(nodeOf(d.name));
            keep.add(nodeOf(sig.getInputs().get(ResNetGraph.INPUT).name));
            for (String n : List.of(ResNetGraph.NORM_MEAN, ResNetGraph.NORM_STD)) if (bundle.graph().operation(n) != null) keep.add(n);
            FrozenGraph.Frozen frozen = FrozenGraph.freeze(bundle.graph(), bundle.session(), keep, precision.sessionConfig(threads, 1));
            bundle.close();
            try {
                return bind(dir, frozen.graph(), frozen.session(), frozen, sig, card, hash, precision);
            } catch (RuntimeException | ModelLoadException e) {
                frozen.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * Whether a model computes with its weights as graph constants ({@link FrozenGraph}):
     * {@code -Dillusions.frozenWeights=true} (e.g. {@code ./jbang -Dillusions.frozenWeights=true bench}).
     * Off by default. Measured on ResNet50 at 224 px (README, Performance): in bf16 it takes about a
     * third off a batch-1 step, because oneDNN no longer reorders and casts the weights every step,
     * but nothing at batch 8-10, and the peak memory grows by about 1.5 GB; in fp32 it saves about 5%.
     * The steps are bit-identical either way.
     */
    static boolean frozenWeights() {
        return "true".equals(System.getProperty("illusions.frozenWeights"));
    }

    private static String nodeOf(String tensorName) {
        return tensorName.contains(":") ? tensorName.substring(0, tensorName.indexOf(':')) : tensorName;
    }

    private static ClassifierModel bind(Path dir, Graph graph, Session session, AutoCloseable owner, Signature sig, ModelCard card,
            String hash, Precision precision) throws ModelLoadException {
        Signature.TensorDescription in = sig.getInputs().get(ResNetGraph.INPUT);
        if (in == null) {
            throw new ModelLoadException(dir + ": signature has no input '" + ResNetGraph.INPUT + "' (it has "
                    + sig.inputNames() + ")");
        }
        if (in.dataType != DataType.DT_FLOAT || in.shape.numDimensions() != 4) {
            throw new ModelLoadException(dir + ": input '" + ResNetGraph.INPUT + "' must be float32 [N,H,W,3], is "
                    + in.dataType + " " + in.shape);
        }
        long channels = in.shape.get(3);
        if (channels != 3) {
            throw new ModelLoadException(dir + ": input '" + ResNetGraph.INPUT + "' has " + channels
                    + " channels; the workbench feeds RGB images (3 channels, NHWC)");
        }
        List<String> missing = new ArrayList<>();
        Map<String, Output<TFloat32>> outs = new LinkedHashMap<>();
        List<String> required = new ArrayList<>(ResNetGraph.TAPS);
        required.add(ResNetGraph.LOGITS);
        for (String name : required) {
            Signature.TensorDescription d = sig.getOutputs().get(name);
            if (d == null) {
                missing.add(name);
            } else {
                outs.put(name, tensor(graph, d.name));
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException(dir + ": signature lacks the outputs " + missing + " of the contract (it has "
                    + sig.outputNames() + ")");
        }
        long classes = graph.output(sig.getOutputs().get(ResNetGraph.LOGITS).name).shape().get(1);
        if (classes > 0 && classes != card.architecture().numClasses()) {
            throw new ModelLoadException(dir + ": logits have " + classes + " classes but model.json says "
                    + card.architecture().numClasses());
        }
        return new ClassifierModel(graph, session, owner, tensor(graph, in.name), outs,
                ClassifierModel.floatOutput(graph, ResNetGraph.NORM_MEAN),
                ClassifierModel.floatOutput(graph, ResNetGraph.NORM_STD), card, hash, precision);
    }

    @SuppressWarnings("unchecked")
    private static Output<TFloat32> tensor(Graph g, String name) {
        String op = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        int index = name.contains(":") ? Integer.parseInt(name.substring(name.indexOf(':') + 1)) : 0;
        Output<?> o = g.operation(op).output(index);
        return (Output<TFloat32>) o;
    }

    /** The largest input side a model card may claim (a 4096 x 4096 image is 200 MB as floats). */
    static final int MAX_INPUT_SIZE = 4096;

    /** The card's own consistency: an architecture the workbench can build, names for every class. */
    static ResNetSpec checkCard(Path cardFile, ModelCard card) throws ModelLoadException {
        ModelCard.Architecture a = card.architecture();
        if (a == null || a.blocks() == null || a.blockType() == null) {
            throw new ModelLoadException(cardFile + " lacks the architecture (blocks, block_type, width, num_classes,"
                    + " input_size): re-export the model with the workbench");
        }
        ResNetSpec spec;
        try {
            spec = a.toSpec();
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(cardFile + " describes an architecture the workbench cannot use: "
                    + e.getMessage().replace("inputSize", "input_size").replace("numClasses", "num_classes"));
        }
        if (spec.inputSize() > MAX_INPUT_SIZE) {
            throw new ModelLoadException(cardFile + " says input_size " + spec.inputSize() + "; at most "
                    + MAX_INPUT_SIZE + " is supported");
        }
        if (card.classNames() != null && card.classNames().size() != spec.numClasses()) {
            throw new ModelLoadException(cardFile + " lists " + card.classNames().size() + " class names but says num_classes "
                    + spec.numClasses());
        }
        return spec;
    }

    /**
     * The card must describe the graph it sits beside: every convolution and the classifier of
     * {@code spec}, with their shapes, and no others (so width, blocks, block type and classes agree).
     */
    static void checkCardAgainstGraph(Path cardFile, ResNetSpec spec, Map<String, long[]> variables)
            throws ModelLoadException {
        Map<String, long[]> want = new LinkedHashMap<>();
        spec.parameterShapes().forEach((k, v) -> {
            if (v.length == 4) want.put(k, new long[] {v[2], v[3], v[1], v[0]}); // conv: [kh, kw, in, out]
        });
        long[] fc = spec.parameterShapes().get("fc.weight");
        want.put("fc.weight", new long[] {fc[1], fc[0]});
        want.put("fc.bias", new long[] {fc[0]});
        Map<String, long[]> have = new LinkedHashMap<>();
        variables.forEach((k, v) -> {
            if (v.length == 4 || k.startsWith("fc.")) have.put(k, v);
        });
        String problem = null;
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            long[] h = have.get(e.getKey());
            if (h == null) {
                problem = "the graph has no variable '" + e.getKey() + "'";
                break;
            }
            if (!java.util.Arrays.equals(h, e.getValue())) {
                problem = "the graph's '" + e.getKey() + "' has shape " + java.util.Arrays.toString(h) + ", "
                        + java.util.Arrays.toString(e.getValue()) + " expected";
                break;
            }
        }
        if (problem == null) {
            for (String k : have.keySet()) {
                if (!want.containsKey(k)) {
                    problem = "the graph has a variable '" + k + "' this architecture lacks";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new ModelLoadException(cardFile + " does not describe the graph beside it: it says " + describe(spec)
                    + ", the graph has " + describeGraph(have) + " (" + problem + "): fix model.json or re-export the model");
        }
    }

    private static String describe(ResNetSpec s) {
        return "width " + s.width() + ", blocks " + s.blocks() + ", " + s.blockType().name().toLowerCase() + ", "
                + s.numClasses() + " classes";
    }

    private static String describeGraph(Map<String, long[]> v) {
        long[] conv1 = v.get("conv1.weight");
        long[] fc = v.get("fc.weight");
        int[] blocks = new int[4];
        for (String k : v.keySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^layer([1-4])\\.(\\d+)\\.").matcher(k);
            if (m.find()) {
                int st = Integer.parseInt(m.group(1)) - 1;
                blocks[st] = Math.max(blocks[st], Integer.parseInt(m.group(2)) + 1);
            }
        }
        return "width " + (conv1 != null && conv1.length == 4 ? String.valueOf(conv1[3]) : "?") + ", blocks "
                + java.util.Arrays.toString(blocks) + ", " + (v.containsKey("layer1.0.conv3.weight") ? "bottleneck" : "basic")
                + ", " + (fc != null && fc.length == 2 ? String.valueOf(fc[1]) : "?") + " classes";
    }

    /**
     * Reads the graph as data and refuses function calls and ops outside the allowlist. Returns the
     * shapes of its variables by name (without the scope prefix).
     */
    static Map<String, long[]> checkGraph(Path dir, Path pb) throws ModelLoadException {
        SavedModel sm;
        try (InputStream in = Files.newInputStream(pb)) {
            sm = SavedModel.parseFrom(in);
        } catch (IOException e) {
            throw new ModelLoadException(pb + " is not a readable SavedModel protobuf (" + e.getMessage()
                    + "): re-export the model");
        }
        MetaGraphDef mg = sm.getMetaGraphsList().stream()
                .filter(m -> m.getMetaInfoDef().getTagsList().contains(SavedModelBundle.DEFAULT_TAG)).findFirst()
                .orElseThrow(() -> new ModelLoadException(dir + " has no graph tagged '" + SavedModelBundle.DEFAULT_TAG
                        + "': export it for serving"));
        Set<String> calls = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        Map<String, long[]> variables = new LinkedHashMap<>();
        for (NodeDef n : mg.getGraphDef().getNodeList()) {
            String op = n.getOp();
            if ((op.equals("VariableV2") || op.equals("VarHandleOp") || op.equals("Variable")) && n.containsAttr("shape")) {
                String name = n.getName().substring(n.getName().lastIndexOf('/') + 1);
                variables.put(name, n.getAttrOrThrow("shape").getShape().getDimList().stream()
                        .mapToLong(org.tensorflow.proto.TensorShapeProto.Dim::getSize).toArray());
            }
            if (op.equals("PartitionedCall") || op.equals("StatefulPartitionedCall")) {
                calls.add(op);
            } else if (!ALLOWED_OPS.contains(op)) {
                unknown.add(op);
            }
        }
        if (!calls.isEmpty() || mg.getGraphDef().getLibrary().getFunctionCount() > 0) {
            throw new ModelLoadException(dir + " is a TF2/Keras export whose graph calls functions " + calls
                    + ": TF Java cannot take input gradients through function calls (Pad, MaxPool and softmax"
                    + " cross-entropy have no gradient there), so GPI cannot run on it; convert the original"
                    + " checkpoint with `./jbang convert`, which writes a plain graph");
        }
        if (!unknown.isEmpty()) {
            throw new ModelLoadException(dir + " contains ops outside a ResNet of the contract " + unknown
                    + "; the workbench loads only plain ResNet graphs (nothing that could run code or touch files):"
                    + " re-export it with the workbench");
        }
        return variables;
    }

    /**
     * SHA-256 over the relative names and bytes of every file in the model directory, in sorted order.
     * Symbolic links are followed (a model reached through a link, such as {@code results/models/NAME},
     * hashes as its target does); a directory without files is refused rather than hashed as nothing.
     */
    public static String hashModelDirectory(Path dir) throws IOException {
        dir = dir.toRealPath();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(dir + " holds no files to hash");
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            md.update(dir.relativize(f).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int r;
                while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
