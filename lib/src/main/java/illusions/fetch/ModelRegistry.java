package illusions.fetch;

import java.util.List;
import java.util.Optional;

/** The real models {@code ./jbang fetch-model NAME} knows: name, URL, SHA-256 (when published), architecture. */
public final class ModelRegistry {
    private ModelRegistry() {}

    private static final String HUB = "https://huggingface.co/madrylab/robust-imagenet-models/resolve/main/";

    public static final List<ModelSource> MODELS = List.of(
            new ModelSource("madry-imagenet-l2-3", HUB + "imagenet_l2_3_0.pt", null, "resnet50", "imagenet_l2_3_0.pt", 0,
                    "ImageNet ResNet-50, robust: L2 PGD adversarial training at eps 3.0 (the robustness library's "
                            + "imagenet_l2_3_0.pt, Madry lab; the model of the paper); no SHA-256 is published"),
            new ModelSource("salman2020-resnet50-l2-3", HUB + "resnet50_l2_eps3.ckpt",
                    "380b14e6f9750bffa1447cf7017f65da4dc5ce71a3dd112f107515dcf7b14d9d", "resnet50", "resnet50_l2_eps3.ckpt",
                    205_000_000L,
                    "ImageNet ResNet-50, robust: L2 PGD adversarial training at eps 3 (Salman et al. 2020, "
                            + "\"Do adversarially robust ImageNet models transfer better?\"; Madry lab)"));

    public static Optional<ModelSource> find(String name) {
        return MODELS.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return MODELS.stream().map(ModelSource::name).toList();
    }
}
