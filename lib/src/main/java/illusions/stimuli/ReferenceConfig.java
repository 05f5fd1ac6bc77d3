package illusions.stimuli;

/**
 * The reference implementation's shipped GPI configuration for a stimulus (table "Shipped
 * configurations" of docs gpi-reference.md), as plain data. {@code iterations} is the reference's
 * n_itr (iteration 0 makes no update, so steps = iterations - 1); {@code initialNoise} is NaN
 * where the loss does not use it.
 *
 * @param model          network the reference used
 * @param loss           loss_infer: IncreaseConfidence or PGDD
 * @param layer          top_layer: all (logits), layer3, layer4
 * @param iterations     n_itr
 * @param eps            L-infinity bound around the start image
 * @param stepSize       step size of the normalized-gradient step
 * @param diffusionNoise std of the Langevin noise added every step
 * @param initialNoise   initial_inference_noise_ratio (PGDD target noise)
 */
public record ReferenceConfig(String model, String loss, String layer, int iterations, double eps, double stepSize,
        double diffusionNoise, double initialNoise) {

    public int steps() { return iterations - 1; }

    static final String IMAGENET = "ResNet50 ImageNet, L2 eps 3.0 robust";
    static final String VGGFACE = "ResNet50 VGGFace2 500 identities, L2 eps 0.5 robust";

    public static final ReferenceConfig KANIZSA =
            new ReferenceConfig(IMAGENET, "IncreaseConfidence", "all", 501, 5, 0.5, 0.003, Double.NaN);
    public static final ReferenceConfig RUBIN =
            new ReferenceConfig(VGGFACE, "PGDD", "layer4", 201, 40, 0.2, 0.01, 0.5);
    public static final ReferenceConfig NEON =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 20, 1.0, 0.003, 0.8);
    public static final ReferenceConfig EHRENSTEIN =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 20, 0.8, 0.005, 0.5);
    public static final ReferenceConfig CORNSWEET =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 51, 20, 0.8, 0.005, 0.5);
    public static final ReferenceConfig CONFETTI =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 20, 0.5, 0.003, 0.1);
    public static final ReferenceConfig FIGURE_GROUND =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 3, 0.5, 0.003, 0.1);
    public static final ReferenceConfig GROUPING_COLOUR =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 4, 1.0, 0.005, 0.1);
    public static final ReferenceConfig GROUPING_CONTINUITY =
            new ReferenceConfig(IMAGENET, "PGDD", "layer3", 101, 4, 0.4, 0.005, 0.1);
}
