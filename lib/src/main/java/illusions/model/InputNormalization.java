package illusions.model;

/**
 * What the network sees: raw [0,1] pixels (what every shipped reference config does: the
 * robustness library's normalizer is dropped), or pixels standardized with the training data's
 * mean and std from model.json.
 */
public enum InputNormalization {
    NONE,
    DATASET;

    public static InputNormalization parse(String s) {
        return switch (s.toLowerCase()) {
            case "none" -> NONE;
            case "dataset" -> DATASET;
            default -> throw new IllegalArgumentException("unknown normalization '" + s + "'; use none or dataset");
        };
    }

    public String cliName() {
        return name().toLowerCase();
    }
}
