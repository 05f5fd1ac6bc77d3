package illusions.gpi;

import illusions.model.InputNormalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything that defines a GPI run, as in the reference's inference configs.
 *
 * @param steps          number of updates (the reference's n_itr minus one)
 * @param stepSize       the reference's step_size
 * @param diffusionNoise std of the Langevin noise added every step (diffusion_noise_ratio)
 * @param eps            radius of the projection around the start (the reference's L-infinity box)
 * @param showIterations iterations at which images, gradients and activations are kept; iteration 0
 *                       is always added when taps are recorded, since induced activity is relative to x_0
 * @param taps           activations recorded at those iterations (e.g. stem, layer1)
 */
public record GpiConfig(Objective objective, int steps, float stepSize, StepType stepType, Projection projection,
        float eps, float diffusionNoise, InputNormalization normalization, List<Integer> showIterations,
        List<String> taps) {

    public GpiConfig {
        if (objective == null) throw new IllegalArgumentException("a GPI run needs an objective (--loss)");
        if (steps < 0) throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
        requireFinite("--step-size", stepSize, true);
        requireFinite("--eps", eps, true);
        requireFinite("--noise", diffusionNoise, true);
        TreeSet<Integer> shown = new TreeSet<>();
        for (int t : showIterations) {
            if (t < 0 || t > steps) {
                throw new IllegalArgumentException("--show iteration " + t + " is outside 0.." + steps);
            }
            shown.add(t);
        }
        if (!taps.isEmpty()) shown.add(0);
        showIterations = List.copyOf(shown);
        taps = List.copyOf(taps);
    }

    private static void requireFinite(String name, float v, boolean nonNegative) {
        if (!Float.isFinite(v) || (nonNegative && v < 0)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    /** Iterations 0, steps/4, steps/2, 3*steps/4 and steps. */
    public static List<Integer> quarters(int steps) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int q = 0; q <= 4; q++) s.add(steps * q / 4);
        return List.copyOf(s);
    }

    /** The reference's Kanizsa configuration: IncreaseConfidence, CE, 500 steps, eps 5, step 0.5, noise 0.003. */
    public static GpiConfig kanizsaReference() {
        return new GpiConfig(new IncreaseConfidence(), 500, 0.5f, StepType.L2, Projection.LINF, 5f, 0.003f,
                InputNormalization.NONE, quarters(500), List.of("stem", "layer1"));
    }

    public GpiConfig withSteps(int newSteps) {
        List<Integer> show = showIterations.stream().filter(t -> t <= newSteps).toList();
        return new GpiConfig(objective, newSteps, stepSize, stepType, projection, eps, diffusionNoise, normalization,
                show, taps);
    }

    public GpiConfig withStepSize(float newStepSize) {
        return new GpiConfig(objective, steps, newStepSize, stepType, projection, eps, diffusionNoise, normalization,
                showIterations, taps);
    }

    public GpiConfig withTaps(List<String> newTaps) {
        return new GpiConfig(objective, steps, stepSize, stepType, projection, eps, diffusionNoise, normalization,
                showIterations, newTaps);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(objective.parameters());
        m.put("objective", objective.describe());
        m.put("steps", steps);
        m.put("step_size", stepSize);
        m.put("step_type", stepType.cliName());
        m.put("projection", projection.cliName());
        m.put("eps", eps);
        m.put("diffusion_noise", diffusionNoise);
        m.put("normalization", normalization.cliName());
        m.put("show_iterations", showIterations);
        m.put("taps", taps);
        return m;
    }
}
