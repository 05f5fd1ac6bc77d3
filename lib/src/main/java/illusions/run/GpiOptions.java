package illusions.run;

import illusions.gpi.CompositionalFusion;
import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.TopClass;
import illusions.gpi.IncreaseConfidence;
import illusions.gpi.Objective;
import illusions.gpi.Pgdd;
import illusions.gpi.Projection;
import illusions.gpi.StepType;
import illusions.gpi.TargetClass;
import illusions.model.InputNormalization;
import illusions.model.Precision;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The reference's GPI parameters as command-line options (a picocli mixin shared by the
 * scripts). Defaults are the reference's Kanizsa configuration.
 */
public class GpiOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "SavedModel directory of the workbench's contract (default: ${DEFAULT-VALUE})")
    public String model = "models/occlusion-robust";

    @Option(names = "--loss", paramLabel = "NAME", description = "increase-confidence | pgdd | target | top-class | grad-modulation | compositional-fusion (default: ${DEFAULT-VALUE})")
    public String loss = "increase-confidence";

    @Option(names = "--loss-function", paramLabel = "ce|mse", description = "IncreaseConfidence distance (default: ${DEFAULT-VALUE})")
    public String lossFunction = "ce";

    @Option(names = "--k", paramLabel = "N", description = "IncreaseConfidence: number of least likely classes (default: classes/10)")
    public Integer k;

    @Option(names = "--layer", paramLabel = "NAME", description = "PGDD layer: stem, layer1..layer4, features, logits or all (default: ${DEFAULT-VALUE})")
    public String layer = "layer3";

    @Option(names = "--init-noise", paramLabel = "SIGMA", description = "PGDD: std of the noise of the target copy (default: ${DEFAULT-VALUE})")
    public float initNoise = 0.5f;

    @Option(names = "--target-class", paramLabel = "N", description = "target loss: the class whose log-probability is ascended")
    public Integer targetClass;

    @Option(names = "--positive", split = ",", paramLabel = "N", description = "compositional-fusion: classes to move towards")
    public List<Integer> positive = new ArrayList<>();

    @Option(names = "--negative", split = ",", paramLabel = "N", description = "compositional-fusion: classes to move away from")
    public List<Integer> negative = new ArrayList<>();

    @Option(names = "--steps", paramLabel = "N", description = "number of updates (the reference's n_itr - 1; default: ${DEFAULT-VALUE})")
    public int steps = 500;

    @Option(names = "--step-size", paramLabel = "A", description = "default: ${DEFAULT-VALUE}")
    public float stepSize = 0.5f;

    @Option(names = "--mask-box", split = ",", paramLabel = "T,L,B,R",
            description = "grad-modulation: the region filled from the prior, as fractions of the image (top, left, bottom, right)")
    public List<Double> maskBox;

    /** Set by a script whose stimuli carry their own grad-modulation masks (no --mask-box needed). */
    public boolean maskFromStimulus;

    /** The grad-modulation mask at {@code size} pixels (1 inside --mask-box), or null without one. */
    public float[] mask(int size) {
        if (maskBox == null) return null;
        if (!"grad-modulation".equals(loss)) throw new IllegalArgumentException("--mask-box applies to --loss grad-modulation only");
        if (maskBox.size() != 4) throw new IllegalArgumentException("--mask-box takes 4 fractions: top,left,bottom,right");
        double t = maskBox.get(0), l = maskBox.get(1), b = maskBox.get(2), r = maskBox.get(3);
        if (!(0 <= t && t < b && b <= 1 && 0 <= l && l < r && r <= 1)) {
            throw new IllegalArgumentException("--mask-box needs 0 <= top < bottom <= 1 and 0 <= left < right <= 1, got " + maskBox);
        }
        float[] m = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double fy = (y + 0.5) / size, fx = (x + 0.5) / size;
                if (fy >= t && fy < b && fx >= l && fx < r) m[y * size + x] = 1f;
            }
        }
        return m;
    }

    @Option(names = "--step-scale", paramLabel = "none|per-pixel",
            description = "none: --step-size as given; per-pixel: times (model input size / 224), so each pixel moves as far per step as in the reference's 224-px images (default: ${DEFAULT-VALUE})")
    public String stepScale = "none";

    @Option(names = "--step-type", paramLabel = "TYPE", description = "l2 (normalized gradient, the reference) | linf (sign) | unconstrained (default: ${DEFAULT-VALUE})")
    public String stepType = "l2";

    @Option(names = "--projection", paramLabel = "SET", description = "linf (the reference's eps box) | l2 | none (default: ${DEFAULT-VALUE})")
    public String projection = "linf";

    @Option(names = "--eps", paramLabel = "E", description = "radius of the projection around the start (default: ${DEFAULT-VALUE})")
    public float eps = 5f;

    @Option(names = "--noise", paramLabel = "S", description = "Langevin (diffusion) noise std per step (default: ${DEFAULT-VALUE})")
    public float noise = 0.003f;

    @Option(names = "--normalization", paramLabel = "none|dataset", description = "input normalization (default: ${DEFAULT-VALUE}, as the reference configs)")
    public String normalization = "none";

    @Option(names = "--seed", paramLabel = "N", description = "seed of the first sample's noise (default: ${DEFAULT-VALUE})")
    public long seed = 0;

    @Option(names = "--seeds", paramLabel = "N", description = "number of seeds per image: seed, seed+1, ... (default: ${DEFAULT-VALUE})")
    public int seeds = 1;

    @Option(names = "--show", split = ",", paramLabel = "T", description = "iterations to keep images, gradients and activations of (default: 0, steps/4, steps/2, 3 steps/4, steps)")
    public List<Integer> show;

    @Option(names = "--taps", split = ",", paramLabel = "NAME", description = "activations to record at the shown iterations (default: ${DEFAULT-VALUE})")
    public List<String> taps = new ArrayList<>(List.of("stem", "layer1"));

    @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-op threads (default: all cores)")
    public int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--precision", paramLabel = "fp32|bf16",
            description = "fp32, or bf16: convolutions and matrix products (forward and input gradient) in bfloat16 through TensorFlow's oneDNN mixed-precision rewriter; the update, losses and reductions stay float32 (default: ${DEFAULT-VALUE})")
    public String precision = "fp32";

    /** --precision parsed. */
    public Precision precision() {
        return Precision.parse(precision);
    }

    public Objective objective() {
        return switch (loss) {
            case "increase-confidence" -> new IncreaseConfidence(k, switch (lossFunction.toLowerCase()) {
                case "ce" -> IncreaseConfidence.Measure.CE;
                case "mse" -> IncreaseConfidence.Measure.MSE;
                default -> throw new IllegalArgumentException("unknown --loss-function '" + lossFunction + "'; use ce or mse");
            });
            case "pgdd" -> new Pgdd(layer, initNoise);
            case "target" -> {
                if (targetClass == null) throw new IllegalArgumentException("--loss target needs --target-class N");
                yield new TargetClass(targetClass);
            }
            case "compositional-fusion" -> new CompositionalFusion(positive, negative);
            case "top-class" -> new TopClass();
            case "grad-modulation" -> {
                if (maskBox == null && !maskFromStimulus) {
                    throw new IllegalArgumentException("--loss grad-modulation needs --mask-box TOP,LEFT,BOTTOM,RIGHT");
                }
                yield new illusions.gpi.GradModulation(k);
            }
            default -> throw new IllegalArgumentException("unknown --loss '" + loss
                    + "'; use increase-confidence, pgdd, target, top-class, grad-modulation or compositional-fusion");
        };
    }

    /** The step size for a model of {@code inputSize} pixels under {@code --step-scale}. */
    public float stepSizeFor(int inputSize) {
        return switch (stepScale) {
            case "none" -> stepSize;
            case "per-pixel" -> stepSize * inputSize / 224f;
            default -> throw new IllegalArgumentException("unknown --step-scale '" + stepScale + "'; use none or per-pixel");
        };
    }

    /**
     * {@link #config(int)} for experiments that measure along the trajectory: snapshots every
     * {@code every} iterations and at the last, recording the taps ({@code stem} and {@code layer1}
     * unless {@code --taps} names others).
     */
    public GpiConfig recordedConfig(int inputSize, int every) {
        if (every < 1) throw new IllegalArgumentException("--every must be at least 1, got " + every);
        GpiConfig c = config(inputSize);
        List<Integer> shown = new ArrayList<>();
        for (int t = 0; t <= c.steps(); t += every) shown.add(t);
        if (!shown.contains(c.steps())) shown.add(c.steps());
        List<String> recorded = taps.isEmpty() ? List.of("stem", "layer1") : taps;
        return new GpiConfig(c.objective(), c.steps(), c.stepSize(), c.stepType(), c.projection(), c.eps(),
                c.diffusionNoise(), c.normalization(), shown, recorded);
    }

    /** {@link #config()} with the step size scaled for a model of {@code inputSize} pixels. */
    public GpiConfig config(int inputSize) {
        GpiConfig c = config();
        return new GpiConfig(c.objective(), c.steps(), stepSizeFor(inputSize), c.stepType(), c.projection(), c.eps(),
                c.diffusionNoise(), c.normalization(), c.showIterations(), c.taps());
    }

    public GpiConfig config() {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (steps < 0) throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
        precision(); // a bad --precision is refused with the other options, before any model is loaded
        List<Integer> shown = show != null ? show : GpiConfig.quarters(steps);
        return new GpiConfig(objective(), steps, stepSize, StepType.parse(stepType), Projection.parse(projection), eps,
                noise, InputNormalization.parse(normalization), shown, taps);
    }

    /** {@link Gpi#checkBatch}, its message prefixed with the option that made the batch (e.g. "--seeds 1000000"). */
    public static void checkBatch(String option, int n, int size, int numClasses, GpiConfig config) {
        try {
            Gpi.checkBatch(n, size, numClasses, config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    public List<Long> seedList() {
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < seeds; i++) s.add(seed + i);
        return s;
    }
}
