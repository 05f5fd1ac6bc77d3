package illusions.checkpoint;

import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A checkpoint read into the workbench's hand-over form.
 *
 * @param source        the file read
 * @param format        "torch-zip", "torch-legacy" or "safetensors"
 * @param layout        where the weights were: "robustness" (robustness library: DataParallel
 *                      AttackerModel with normalizer), "state_dict" (plain), "wrapped:model",
 *                      "wrapped:state_dict", ... and "+module" when a DataParallel prefix was stripped
 * @param weights       torchvision names and PyTorch layouts, exactly the keys of spec.parameterShapes()
 * @param spec          the architecture inferred from keys and shapes
 * @param normalizer    the checkpoint's own input normalisation (robustness library), if any
 * @param ignoredKeys   state_dict keys read but not used (attacker duplicates, num_batches_tracked,
 *                      normalizer buffers)
 * @param opaqueGlobals Python globals the pickle named that were read as inert opaque values
 */
public record LoadedCheckpoint(Path source, String format, String layout, StateDict weights, ResNetSpec spec,
                               Optional<Normalizer> normalizer, List<String> ignoredKeys, Set<String> opaqueGlobals) {

    /** Per-channel input normalisation (x - mean) / std, RGB order, for inputs in [0, 1]. */
    public record Normalizer(float[] mean, float[] std) {}
}
