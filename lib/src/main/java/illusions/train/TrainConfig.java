package illusions.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import illusions.model.BlockType;
import illusions.model.ResNetSpec;
import illusions.world.ShapeWorld;
import illusions.world.World;
import illusions.world.WorldParams;
import illusions.world.Worlds;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines a training run (apart from the thread count): with the same config
 * the trainer sees the same images in the same order and starts from the same weights.
 *
 * @param mode          "standard" or "adversarial" (L2 PGD training, Madry et al.)
 * @param blocks        residual blocks per stage ([2,2,2,2] = ResNet-18 layout, BasicBlock)
 * @param width         channels of the stem and first stage (64 in torchvision)
 * @param inputSize     image side in pixels
 * @param seed          weight init, data order and PGD random starts
 * @param worldSeed     the shape world's seed (which images exist)
 * @param trainSize     training images per epoch (indices 0..trainSize-1 of the world)
 * @param evalSize      held-out images for clean and robust accuracy
 * @param batchSize     images per step (the last partial batch of an epoch is dropped)
 * @param epochs        passes over the training images
 * @param lr            base learning rate of SGD with momentum
 * @param momentum      heavy-ball momentum
 * @param weightDecay   L2 penalty as in PyTorch's SGD weight_decay
 * @param schedule      "cosine" (to zero over all steps) or "constant"
 * @param eps           L2 radius of the PGD ball, in [0,1] pixel units (used for the robust accuracy in both modes)
 * @param pgdSteps      PGD steps
 * @param pgdStepSize   PGD step size (Madry et al. / robustness library: 2.5 * eps / steps)
 * @param randomStart   start PGD at a random point of the ball (training attacks only)
 * @param epsWarmupEpochs training attacks' eps (and step size) grow linearly from 0 to {@code eps}
 *                      over this many epochs; 0 = full eps from the start. Adversarial training
 *                      from scratch on the shape world collapsed to chance without it (docs/training.md)
 * @param worldParams   the shape world's parameters; null means {@link WorldParams#defaults} at {@code inputSize}
 * @param world         the training world's name ({@link Worlds}); null means "shapes" (checkpoints before worlds had names)
 * @param worldSettings parameters of a world other than "shapes", as its record's fields; null means its defaults
 * @param optimizer     "sgd" (momentum; null means sgd, as checkpoints before this field) or "adam"
 * @param initFrom      null: torchvision-initialized weights from {@code seed}; else the checkpoint the run was
 *                      warm-started from, as "path sha256:HEX" (every variable, optimizer state included)
 */
public record TrainConfig(
        @JsonProperty("mode") String mode,
        @JsonProperty("blocks") List<Integer> blocks,
        @JsonProperty("width") int width,
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("seed") long seed,
        @JsonProperty("world_seed") long worldSeed,
        @JsonProperty("train_size") int trainSize,
        @JsonProperty("eval_size") int evalSize,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("lr") float lr,
        @JsonProperty("momentum") float momentum,
        @JsonProperty("weight_decay") float weightDecay,
        @JsonProperty("schedule") String schedule,
        @JsonProperty("eps") float eps,
        @JsonProperty("pgd_steps") int pgdSteps,
        @JsonProperty("pgd_step_size") float pgdStepSize,
        @JsonProperty("random_start") boolean randomStart,
        @JsonProperty("eps_warmup_epochs") float epsWarmupEpochs,
        @JsonProperty("world_params") WorldParams worldParams,
        @JsonProperty("world") String world,
        @JsonProperty("world_settings") Map<String, Object> worldSettings,
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("init_from") String initFrom) {

    public TrainConfig {
        if (!"standard".equals(mode) && !"adversarial".equals(mode)) {
            throw new IllegalArgumentException("mode must be standard or adversarial, got '" + mode + "'");
        }
        blocks = List.copyOf(blocks);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (batch norm), got " + batchSize);
        if (trainSize < batchSize) {
            throw new IllegalArgumentException("train size " + trainSize + " is smaller than one batch of " + batchSize);
        }
        if (evalSize < 1) throw new IllegalArgumentException("eval size must be positive, got " + evalSize);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (!(lr > 0) || !Float.isFinite(lr)) throw new IllegalArgumentException("lr must be positive and finite, got " + lr);
        if (!"cosine".equals(schedule) && !"constant".equals(schedule)) {
            throw new IllegalArgumentException("schedule must be cosine or constant, got '" + schedule + "'");
        }
        if (!(eps > 0) || !Float.isFinite(eps)) throw new IllegalArgumentException("eps must be positive, got " + eps);
        if (!(epsWarmupEpochs >= 0) || epsWarmupEpochs > epochs) {
            throw new IllegalArgumentException("eps warm-up must be between 0 and the epochs (" + epochs + "), got "
                    + epsWarmupEpochs);
        }
        if (pgdSteps < 1) throw new IllegalArgumentException("pgd steps must be at least 1, got " + pgdSteps);
        if (!(pgdStepSize > 0)) throw new IllegalArgumentException("pgd step size must be positive, got " + pgdStepSize);
        if (world == null) world = "shapes";
        if (optimizer == null) optimizer = "sgd";
        if (!"sgd".equals(optimizer) && !"adam".equals(optimizer)) {
            throw new IllegalArgumentException("optimizer must be sgd or adam, got '" + optimizer + "'");
        }
        Worlds.kind(world); // validates the name
        if (!"shapes".equals(world) && worldParams != null) {
            throw new IllegalArgumentException("world_params are the shape world's; world '" + world + "' takes world_settings");
        }
        if (worldSettings == null && !"shapes".equals(world)) worldSettings = Worlds.defaultSettings(world, inputSize);
        if (worldSettings != null) worldSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(worldSettings));
        new ResNetSpec(blocks, BlockType.BASIC, width, Worlds.classNames(world).size(), inputSize); // validates
        if (worldParams != null && worldParams.size() != inputSize) {
            throw new IllegalArgumentException("world images are " + worldParams.size() + " px but the input size is "
                    + inputSize);
        }
    }

    public ResNetSpec spec() {
        return new ResNetSpec(blocks, BlockType.BASIC, width, classNames().size(), inputSize);
    }

    public boolean adversarial() {
        return "adversarial".equals(mode);
    }

    /** The shape world's parameters (world "shapes" only). */
    public WorldParams shapeWorldParams() {
        return worldParams != null ? worldParams : WorldParams.defaults(inputSize);
    }

    public List<String> classNames() {
        return Worlds.classNames(world);
    }

    /** The world this config trains on. */
    public World createWorld() {
        if ("shapes".equals(world)) return new ShapeWorld(shapeWorldParams(), worldSeed);
        return Worlds.create(world, worldSettings, inputSize, worldSeed);
    }

    public int stepsPerEpoch() {
        return trainSize / batchSize;
    }

    public long totalSteps() {
        return (long) stepsPerEpoch() * epochs;
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(mode, blocks, width, inputSize, seed, worldSeed, trainSize, evalSize, batchSize, newEpochs,
                lr, momentum, weightDecay, schedule, eps, pgdSteps, pgdStepSize, randomStart, epsWarmupEpochs,
                worldParams, world, worldSettings, optimizer, initFrom);
    }

    /** The fraction of eps the training attack uses at {@code step} (the warm-up ramp). */
    public float epsFraction(long step) {
        if (epsWarmupEpochs <= 0) return 1f;
        return (float) Math.min(1.0, (step + 1.0) / (epsWarmupEpochs * stepsPerEpoch()));
    }

    /** The step size Madry et al. and the robustness library use: 2.5 * eps / steps. */
    public static float defaultStepSize(float eps, int steps) {
        return 2.5f * eps / steps;
    }
}
