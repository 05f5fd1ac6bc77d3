package illusions.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.ModelCard;
import illusions.model.ModelExporter;
import illusions.model.ResNetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a PyTorch ResNet checkpoint into the workbench's SavedModel plus model.json
 * ({@link ModelExporter}): read and check with {@link CheckpointReader}, record provenance (file
 * name, SHA-256, format, layout, detected architecture, normalization), write atomically.
 */
public final class CheckpointConverter {
    /** Version of this converter, recorded in the provenance. */
    public static final String VERSION = "1";

    /**
     * @param checkpoint    the .pt/.pth/.safetensors file
     * @param out           the model directory to create (must not exist)
     * @param arch          expected architecture ("resnet50"), or null
     * @param classes       expected class count, or null
     * @param classNames    a text file with one class name per line, or a JSON array of strings; or null
     * @param normalization "imagenet", "none", "checkpoint", or null for the checkpoint's normalizer if
     *                      it has one and ImageNet's otherwise
     * @param inputSize     input side recorded in model.json
     */
    public record Request(Path checkpoint, Path out, String arch, Integer classes, Path classNames,
                          String normalization, int inputSize) {
        public Request(Path checkpoint, Path out) {
            this(checkpoint, out, null, null, null, null, 224);
        }
    }

    /** What was written. */
    public record Result(LoadedCheckpoint checkpoint, ModelCard card, Path out, String sha256, long readMillis,
                         long exportMillis) {}

    private CheckpointConverter() {}

    public static Result convert(Request r) {
        String name = String.valueOf(r.checkpoint().getFileName());
        Path out = r.out().toAbsolutePath();
        if (Files.exists(out)) {
            throw new CheckpointException(out + " exists already: choose another --out or remove it");
        }
        if (!Files.isRegularFile(r.checkpoint())) {
            throw new CheckpointException(name + ": no such file (" + r.checkpoint().toAbsolutePath() + ")");
        }
        List<String> classNames = r.classNames() == null ? null : readClassNames(r.classNames());
        String norm = r.normalization() == null ? null : r.normalization().toLowerCase(Locale.ROOT);
        if (norm != null && !List.of("imagenet", "none", "checkpoint").contains(norm)) {
            throw new CheckpointException("unknown --normalization '" + r.normalization()
                    + "'; use imagenet, none or checkpoint");
        }
        long t0 = System.nanoTime();
        LoadedCheckpoint c = CheckpointReader.read(r.checkpoint(),
                new CheckpointReader.Options(r.arch(), r.classes(), r.inputSize()));
        String sha = sha256(r.checkpoint());
        long t1 = System.nanoTime();
        ResNetSpec spec = c.spec();
        if (classNames != null && classNames.size() != spec.numClasses()) {
            throw new CheckpointException(r.classNames().getFileName() + ": " + classNames.size()
                    + " class names but key 'fc.weight' of " + name + " has shape [" + spec.numClasses() + ", "
                    + spec.featureChannels() + "]");
        }
        ModelCard.Normalization normalization;
        if (norm == null) norm = c.normalizer().isPresent() ? "checkpoint" : "imagenet";
        switch (norm) {
            case "none" -> normalization = null;
            case "imagenet" -> normalization = ModelCard.Normalization.IMAGENET;
            default -> {
                LoadedCheckpoint.Normalizer n = c.normalizer().orElseThrow(() -> new CheckpointException(name
                        + ": --normalization checkpoint, but the checkpoint has no normalizer (module.normalizer.new_mean/"
                        + "new_std); use imagenet or none"));
                normalization = new ModelCard.Normalization(n.mean(), n.std(), "checkpoint:" + name);
            }
        }
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("source", "converted PyTorch checkpoint");
        prov.put("source_file", name);
        prov.put("source_sha256", sha);
        prov.put("source_format", c.format());
        prov.put("source_layout", c.layout());
        prov.put("detected_architecture", spec.name());
        prov.put("detected_blocks", spec.blocks());
        prov.put("detected_block_type", spec.blockType().name().toLowerCase(Locale.ROOT));
        prov.put("detected_width", spec.width());
        prov.put("detected_classes", spec.numClasses());
        if (r.arch() != null) prov.put("arch_checked", r.arch());
        prov.put("normalization", norm);
        c.normalizer().ifPresent(n -> prov.put("checkpoint_normalizer",
                Map.of("mean", n.mean(), "std", n.std())));
        prov.put("ignored_keys", c.ignoredKeys().size());
        if (!c.opaqueGlobals().isEmpty()) prov.put("ignored_python_globals", List.copyOf(c.opaqueGlobals()));
        prov.put("converter", "illusions.checkpoint.CheckpointConverter/" + VERSION);
        ModelCard card = ModelCard.of(spec, classNames, normalization, prov);
        try {
            ModelExporter.export(spec, c.weights(), card, out);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(name + ": could not write " + out + ": " + e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        return new Result(c, card, out, sha, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    /** One name per non-empty line, or a JSON array of strings. */
    static List<String> readClassNames(Path file) {
        String name = String.valueOf(file.getFileName());
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            if (text.stripLeading().startsWith("[")) {
                JsonNode a = new ObjectMapper().readTree(text);
                for (JsonNode n : a) {
                    if (!n.isTextual()) throw new CheckpointException(name + ": class names must be strings, got " + n);
                    names.add(n.asText());
                }
            } else {
                for (String line : text.split("\\R")) if (!line.isBlank()) names.add(line.strip());
            }
            if (names.isEmpty()) throw new CheckpointException(name + ": no class names in the file");
            return names;
        } catch (IOException e) {
            throw new CheckpointException(name + ": cannot read class names (" + e.getMessage() + ")", e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new CheckpointException(file.getFileName() + ": cannot hash: " + e.getMessage(), e);
        }
    }
}
