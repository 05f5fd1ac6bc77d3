package illusions.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}, written beside every SavedModel: what the network is, what its outputs
 * mean, how its training data was normalized, and where it came from.
 *
 * @param architecture   the ResNet layout
 * @param classNames     one name per logit, or null when unknown
 * @param normalization  the dataset mean/std, applied when a run asks for {@code --normalization dataset}
 * @param provenance     free-form origin: training command and seed, or source checkpoint and its SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        @JsonProperty("format") String format,
        @JsonProperty("architecture") Architecture architecture,
        @JsonProperty("class_names") List<String> classNames,
        @JsonProperty("normalization") Normalization normalization,
        @JsonProperty("provenance") Map<String, Object> provenance) {

    public static final String FORMAT = "illusions-workbench-resnet/1";
    public static final String FILE = "model.json";

    public ModelCard {
        provenance = provenance == null ? Map.of() : new LinkedHashMap<>(provenance);
        if (classNames != null) classNames = List.copyOf(classNames);
    }

    public static ModelCard of(ResNetSpec spec, List<String> classNames, Normalization normalization,
            Map<String, Object> provenance) {
        return new ModelCard(FORMAT, Architecture.of(spec), classNames, normalization, provenance);
    }

    public ResNetSpec spec() {
        return architecture.toSpec();
    }

    /** The name of class {@code i}, or "class i" when the card has none. */
    public String className(int i) {
        return classNames != null && i < classNames.size() ? classNames.get(i) : "class " + i;
    }

    /** The ResNet layout as stored in model.json. */
    public record Architecture(
            @JsonProperty("name") String name,
            @JsonProperty("blocks") List<Integer> blocks,
            @JsonProperty("block_type") BlockType blockType,
            @JsonProperty("width") int width,
            @JsonProperty("num_classes") int numClasses,
            @JsonProperty("input_size") int inputSize) {
        public static Architecture of(ResNetSpec s) {
            return new Architecture(s.name(), s.blocks(), s.blockType(), s.width(), s.numClasses(), s.inputSize());
        }

        public ResNetSpec toSpec() {
            return new ResNetSpec(blocks, blockType, width, numClasses, inputSize);
        }
    }

    /** Per-channel RGB mean and std of the training data, on [0,1] pixels. */
    public record Normalization(
            @JsonProperty("mean") float[] mean,
            @JsonProperty("std") float[] std,
            @JsonProperty("source") String source) {
        public static final Normalization IMAGENET = new Normalization(
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, "imagenet");

        public Normalization {
            if (mean == null || std == null || mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("normalization needs 3 means and 3 stds");
            }
            for (float s : std) {
                if (!(s > 0f)) throw new IllegalArgumentException("normalization std must be positive, got " + s);
            }
        }
    }

    public static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public void write(Path dir) throws IOException {
        json().writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static ModelCard read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        ModelCard card = json().readValue(f.toFile(), ModelCard.class);
        if (!FORMAT.equals(card.format())) {
            throw new IOException(f + " has format '" + card.format() + "', expected '" + FORMAT + "'");
        }
        return card;
    }
}
