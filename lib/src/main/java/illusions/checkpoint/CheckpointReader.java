package illusions.checkpoint;

import illusions.model.BlockType;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PyTorch ResNet checkpoint (torch zip or legacy format, or safetensors) into a
 * {@link StateDict} with torchvision key names and an inferred {@link ResNetSpec}.
 *
 * <p>Accepted layouts: the robustness library's dict ({@code model}: DataParallel state_dict with
 * {@code module.model.*}, {@code module.normalizer.new_mean/new_std}, {@code module.attacker.*}
 * duplicates; other entries such as {@code optimizer}, {@code schedule}, {@code epoch} ignored), a
 * plain torchvision or timm ResNet state_dict, or one wrapped in {@code state_dict}/{@code model}
 * (also {@code model_state_dict}, {@code net}); prefixes {@code module.} and {@code model.} are
 * stripped. Every problem is a {@link CheckpointException} whose one-line message starts with the
 * file name and names the key and shape at fault.
 */
public final class CheckpointReader {

    /**
     * @param arch       expected architecture, e.g. "resnet50" (null: accept what is inferred)
     * @param numClasses expected class count (null: accept what fc.weight says)
     * @param inputSize  input side recorded in the spec (the graph accepts any size)
     */
    public record Options(String arch, Integer numClasses, int inputSize) {
        public static Options defaults() {
            return new Options(null, null, 224);
        }
    }

    private static final List<String> WRAPPERS = List.of("model", "state_dict", "model_state_dict", "net");
    private static final Pattern LAYER = Pattern.compile("^layer([1-4])\\.(\\d+)\\.");
    private static final Pattern ARCH = Pattern.compile("^resnet(\\d+)$");

    private CheckpointReader() {}

    public static LoadedCheckpoint read(Path file) {
        return read(file, Options.defaults());
    }

    public static LoadedCheckpoint read(Path file, Options options) {
        String name = String.valueOf(file.getFileName());
        try {
            return readUnlabelled(file, options);
        } catch (CheckpointException e) {
            throw new CheckpointException(name + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(name + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CheckpointException(name + ": permission denied: the file cannot be read", e);
        } catch (java.io.EOFException e) {
            throw new CheckpointException(name + ": truncated: the file ends early", e);
        } catch (IOException e) {
            throw new CheckpointException(name + ": the file cannot be read (" + ioReason(e) + ")", e);
        } catch (RuntimeException e) {
            // a damage no check above foresaw; the cause is kept for --stacktrace
            throw new CheckpointException(name + ": damaged or not a checkpoint of a supported kind"
                    + " (its structure is inconsistent; rerun with --stacktrace for the details)", e);
        } catch (OutOfMemoryError e) {
            throw new CheckpointException(name + ": the Java heap is too small to hold this checkpoint's tensors"
                    + " (raise -Xmx)", e);
        }
    }

    private static String ioReason(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.contains("Exception")) return "an I/O error";
        return m.lines().findFirst().orElse(m);
    }

    /**
     * Byte ranges [begin, end) of {@code file} that hold tensor data no checksum covers: a change
     * there reads as different weights and cannot be detected (torch legacy and safetensors files;
     * a torch zip's entries carry CRC-32s, which are checked). For tests and the fuzzer.
     */
    public static List<long[]> unprotectedRanges(Path file) throws IOException {
        String format = detectFormat(file);
        try (RawCheckpoint raw = switch (format) {
            case "torch-zip" -> TorchZipReader.read(file);
            case "torch-legacy" -> TorchLegacyReader.read(file);
            default -> SafetensorsReader.read(file);
        }) {
            return raw.unprotected;
        }
    }

    /** "torch-zip", "torch-legacy", "safetensors", or a CheckpointException for anything else. */
    public static String detectFormat(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        long size = Files.size(file);
        if (head.length == 0) throw new CheckpointException("empty file");
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) ) return "torch-zip";
        if (head.length >= TorchLegacyReader.PREFIX.length
                && Arrays.equals(Arrays.copyOf(head, TorchLegacyReader.PREFIX.length), TorchLegacyReader.PREFIX)) {
            return "torch-legacy";
        }
        if (SafetensorsReader.looksLike(head, size)) return "safetensors";
        if ((head[0] & 0xff) == 0x80 && head.length > 1 && head[1] == 2) {
            throw new CheckpointException("a pickle but not a torch.save file (no torch magic number)");
        }
        if (size >= 262 && isTar(file)) {
            throw new CheckpointException("the tar-based torch format of torch < 0.4 is not supported; "
                    + "re-save it with a newer torch");
        }
        throw new CheckpointException("not a PyTorch checkpoint (.pt/.pth, zip or legacy) nor a .safetensors file "
                + "(starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(8, head.length)) + ")");
    }

    private static boolean isTar(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(262);
            return b.length == 262 && new String(b, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        }
    }

    private static LoadedCheckpoint readUnlabelled(Path file, Options options) throws IOException {
        String format = detectFormat(file);
        try (RawCheckpoint raw = switch (format) {
            case "torch-zip" -> TorchZipReader.read(file);
            case "torch-legacy" -> TorchLegacyReader.read(file);
            default -> SafetensorsReader.read(file);
        }) {
            return extract(file, raw, options);
        }
    }

    private static LoadedCheckpoint extract(Path file, RawCheckpoint raw, Options options) throws IOException {
        // 1. find the state_dict
        String layout = "state_dict";
        Map<?, ?> sd = asMap(raw.root);
        if (sd == null) {
            throw new CheckpointException("the checkpoint holds " + describe(raw.root) + ", not a dict of tensors");
        }
        if (countTensors(sd) == 0) {
            Map<?, ?> inner = null;
            for (String w : WRAPPERS) {
                Object v = sd.get(w);
                if (asMap(v) != null && countTensors(asMap(v)) > 0) {
                    inner = asMap(v);
                    layout = "wrapped:" + w;
                    break;
                }
            }
            if (inner == null) {
                for (String w : WRAPPERS) {
                    if (sd.containsKey(w)) {
                        throw new CheckpointException("entry '" + w + "' holds " + describe(sd.get(w))
                                + ", not a state_dict (save model.state_dict() rather than the module object)");
                    }
                }
                throw new CheckpointException("no tensors found; top-level keys: " + preview(sd.keySet()));
            }
            sd = inner;
        }
        // 2. normalise the keys
        Map<String, TensorRef> named = new LinkedHashMap<>();
        Map<String, String> originalName = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        TensorRef mean = null;
        TensorRef std = null;
        boolean robustness = false;
        boolean stripped = false;
        for (Map.Entry<?, ?> e : sd.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TensorRef t)) {
                ignored.add(key);
                continue;
            }
            String k = key;
            for (boolean again = true; again; ) {
                again = false;
                if (k.startsWith("module.")) {
                    k = k.substring(7);
                    again = stripped = true;
                } else if (k.startsWith("model.")) {
                    k = k.substring(6);
                    again = true;
                }
            }
            if (k.startsWith("attacker.")) {
                robustness = true;
                ignored.add(key);
                continue;
            }
            if (k.startsWith("normalizer.") || k.startsWith("normalize.")) {
                robustness = true;
                String field = k.substring(k.indexOf('.') + 1);
                if (field.equals("new_mean") || field.equals("mean")) {
                    if (mean != null) throw new CheckpointException("two normalizer means ('" + key + "' and another)");
                    mean = t;
                } else if (field.equals("new_std") || field.equals("std")) {
                    if (std != null) throw new CheckpointException("two normalizer stds ('" + key + "' and another)");
                    std = t;
                } else {
                    // a damaged name would otherwise drop the normalizer without a word
                    throw new CheckpointException("unknown normalizer entry '" + key + "' (expected new_mean and new_std)");
                }
                ignored.add(key);
                continue;
            }
            if (k.endsWith("num_batches_tracked")) {
                ignored.add(key);
                continue;
            }
            if (named.containsKey(k)) {
                throw new CheckpointException("key '" + k + "' appears twice (as '" + originalName.get(k) + "' and '"
                        + key + "')");
            }
            named.put(k, t);
            originalName.put(k, key);
        }
        if (robustness) layout = layout.startsWith("wrapped:model") ? "robustness" : layout + "+robustness";
        else if (stripped) layout = layout + "+module";
        // 3. infer and check the architecture
        ResNetSpec spec = infer(named, options);
        checkShapes(named, spec, originalName);
        // 4. read the tensors
        Map<String, TensorValue> values = new LinkedHashMap<>();
        for (String k : spec.parameterShapes().keySet()) {
            TensorRef t = named.get(k);
            if (!t.storage.dtype.floating) {
                throw new CheckpointException("key '" + originalName.get(k) + "' with shape " + t.shapeString()
                        + " has integer dtype " + t.storage.dtype);
            }
            try {
                values.put(k, t.toFloat32());
            } catch (CheckpointException ce) {
                throw new CheckpointException("key '" + originalName.get(k) + "': " + ce.getMessage(), ce);
            }
            checkFinite(originalName.get(k), values.get(k));
        }
        Optional<LoadedCheckpoint.Normalizer> normalizer = Optional.empty();
        if ((mean == null) != (std == null)) {
            throw new CheckpointException("the normalizer has a " + (mean == null ? "std but no mean" : "mean but no std"));
        }
        if (mean != null && std != null) {
            float[] m = channels("normalizer mean", mean);
            float[] s = channels("normalizer std", std);
            for (float v : s) {
                if (!(v > 0)) throw new CheckpointException("normalizer std " + Arrays.toString(s) + " is not positive");
            }
            normalizer = Optional.of(new LoadedCheckpoint.Normalizer(m, s));
        }
        return new LoadedCheckpoint(file, raw.format, layout, new StateDict(values), spec, normalizer,
                List.copyOf(ignored), raw.opaqueGlobals);
    }

    private static float[] channels(String what, TensorRef t) throws IOException {
        if (t.numel() != 3) throw new CheckpointException(what + " has shape " + t.shapeString() + ", expected [3, 1, 1]");
        return t.toFloat32().data();
    }

    private static void checkFinite(String key, TensorValue v) {
        for (float f : v.data()) {
            if (!Float.isFinite(f)) {
                throw new CheckpointException("key '" + key + "' with shape " + v.shapeString() + " holds " + f);
            }
        }
    }

    /** Block type from conv3, blocks per stage from layer indices, width from conv1, classes from fc. */
    static ResNetSpec infer(Map<String, TensorRef> named, Options options) {
        TensorRef conv1 = named.get("conv1.weight");
        if (conv1 == null) {
            String hint = named.keySet().stream().anyMatch(k -> k.startsWith("conv1.0.") || k.startsWith("stem"))
                    ? " (a deep-stem variant such as resnet50d is not supported)" : "";
            throw new CheckpointException("unknown architecture: no key 'conv1.weight'" + hint + "; keys start with "
                    + preview(named.keySet()));
        }
        if (conv1.shape.length != 4 || conv1.shape[1] != 3 || conv1.shape[2] != 7 || conv1.shape[3] != 7) {
            throw new CheckpointException("unknown architecture: key 'conv1.weight' has shape " + conv1.shapeString()
                    + ", a torchvision ResNet stem is [width, 3, 7, 7]");
        }
        TensorRef fc = named.get("fc.weight");
        if (fc == null) {
            throw new CheckpointException("missing key 'fc.weight' (expected shape [classes, features]): "
                    + "a ResNet without its classifier cannot be converted");
        }
        if (fc.shape.length != 2) {
            throw new CheckpointException("key 'fc.weight' has shape " + fc.shapeString() + ", expected [classes, features]");
        }
        BlockType type = named.containsKey("layer1.0.conv3.weight") ? BlockType.BOTTLENECK : BlockType.BASIC;
        int[] blocks = new int[4];
        for (String k : named.keySet()) {
            Matcher m = LAYER.matcher(k);
            if (m.find()) {
                int s = Integer.parseInt(m.group(1)) - 1;
                blocks[s] = Math.max(blocks[s], Integer.parseInt(m.group(2)) + 1);
            }
        }
        for (int s = 0; s < 4; s++) {
            if (blocks[s] == 0) {
                throw new CheckpointException("unknown architecture: no blocks in stage layer" + (s + 1)
                        + " (keys 'layer" + (s + 1) + ".0.*' missing)");
            }
        }
        long width = conv1.shape[0];
        long classes = fc.shape[0];
        ResNetSpec spec;
        try {
            spec = new ResNetSpec(List.of(blocks[0], blocks[1], blocks[2], blocks[3]), type, (int) width, (int) classes,
                    options.inputSize());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("unknown architecture: " + e.getMessage(), e);
        }
        if (options.arch() != null) {
            String a = options.arch().toLowerCase(Locale.ROOT).replace("-", "");
            Matcher m = ARCH.matcher(a);
            if (!m.matches()) {
                throw new CheckpointException("unknown --arch '" + options.arch()
                        + "'; use resnet18, resnet34, resnet50, resnet101 or resnet152");
            }
            ResNetSpec want;
            try {
                want = ResNetSpec.resnet(Integer.parseInt(m.group(1)), 64, spec.numClasses(), spec.inputSize());
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("unknown --arch '" + options.arch() + "': " + e.getMessage(), e);
            }
            if (!want.blocks().equals(spec.blocks()) || want.blockType() != spec.blockType()) {
                throw new CheckpointException("--arch " + options.arch() + " expects " + want.blockType().name()
                        .toLowerCase(Locale.ROOT) + " blocks " + want.blocks() + " but the checkpoint has "
                        + spec.blockType().name().toLowerCase(Locale.ROOT) + " blocks " + spec.blocks()
                        + " (" + spec.name() + ")");
            }
            if (width != 64) {
                throw new CheckpointException("--arch " + options.arch() + " has width 64 but key 'conv1.weight' has shape "
                        + conv1.shapeString());
            }
        }
        if (options.numClasses() != null && options.numClasses() != classes) {
            throw new CheckpointException("--classes " + options.numClasses() + " but key 'fc.weight' has shape "
                    + fc.shapeString());
        }
        return spec;
    }

    /** Every expected key present with its exact shape, and nothing else. */
    static void checkShapes(Map<String, TensorRef> named, ResNetSpec spec, Map<String, String> originalName) {
        Map<String, long[]> expected = spec.parameterShapes();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorRef t = named.get(e.getKey());
            if (t == null) {
                throw new CheckpointException("missing key '" + e.getKey() + "' (expected shape "
                        + Arrays.toString(e.getValue()) + " for " + spec.name() + ")");
            }
            if (!Arrays.equals(t.shape, e.getValue())) {
                throw new CheckpointException("key '" + originalName.getOrDefault(e.getKey(), e.getKey()) + "' has shape "
                        + t.shapeString() + " but " + spec.name() + " needs " + Arrays.toString(e.getValue()));
            }
        }
        Map<String, TensorRef> extra = new TreeMap<>(named);
        extra.keySet().removeAll(expected.keySet());
        if (!extra.isEmpty()) {
            Map.Entry<String, TensorRef> first = extra.entrySet().iterator().next();
            throw new CheckpointException("unknown architecture: unexpected key '"
                    + originalName.getOrDefault(first.getKey(), first.getKey()) + "' with shape "
                    + first.getValue().shapeString() + " (" + extra.size() + " key(s) not in a torchvision-layout "
                    + spec.name() + ")");
        }
    }

    private static Map<?, ?> asMap(Object o) {
        return o instanceof Map<?, ?> m ? m : null;
    }

    private static int countTensors(Map<?, ?> m) {
        int n = 0;
        for (Object v : m.values()) if (v instanceof TensorRef) n++;
        return n;
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof TorchUnpickler.OpaqueValue v) return "a pickled object of " + v.global();
        if (o instanceof TensorRef t) return "a single tensor " + t.shapeString();
        if (o instanceof Map<?, ?> m) return "a dict with keys " + preview(m.keySet());
        if (o instanceof Object[] || o instanceof List<?>) return "a list/tuple";
        return "a " + o.getClass().getSimpleName();
    }

    private static String preview(java.util.Collection<?> keys) {
        List<String> l = new ArrayList<>();
        for (Object k : keys) {
            if (l.size() == 5) {
                l.add("...");
                break;
            }
            l.add(String.valueOf(k));
        }
        return l.toString();
    }
}
