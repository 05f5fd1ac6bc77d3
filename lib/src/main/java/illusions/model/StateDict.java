package illusions.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ResNet weights by torchvision state_dict name, in PyTorch layouts (see
 * {@link ResNetSpec#parameterShapes()}). This is the hand-over format between checkpoint readers,
 * the trainer and the graph builder.
 */
public final class StateDict {
    private final Map<String, TensorValue> tensors;

    public StateDict(Map<String, TensorValue> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Map<String, TensorValue> tensors() {
        return tensors;
    }

    public TensorValue get(String name) {
        return tensors.get(name);
    }

    /**
     * Checks that every parameter of {@code spec} is present with its exact shape.
     *
     * @throws IllegalArgumentException naming the first missing key or mismatched shape
     */
    public void checkFits(ResNetSpec spec) {
        for (Map.Entry<String, long[]> e : spec.parameterShapes().entrySet()) {
            TensorValue t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("weights for " + spec.name() + " miss the key '" + e.getKey()
                        + "' (expected shape " + Arrays.toString(e.getValue()) + ")");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("key '" + e.getKey() + "' has shape " + t.shapeString()
                        + " but " + spec.name() + " needs " + Arrays.toString(e.getValue()));
            }
        }
    }

    /**
     * Random weights as torchvision initialises them (Kaiming-normal fan-out convolutions, BN
     * weight 1 and bias 0, uniform fc), plus mildly random BN running statistics so that
     * inference-mode batch norm is not the identity in tests. Deterministic in {@code seed}.
     */
    public static StateDict random(ResNetSpec spec, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, TensorValue> m = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : spec.parameterShapes().entrySet()) {
            String k = e.getKey();
            long[] shape = e.getValue();
            int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] d = new float[n];
            if (k.endsWith("running_var")) {
                for (int i = 0; i < n; i++) d[i] = (float) (0.5 + rng.nextDouble());
            } else if (k.endsWith("running_mean")) {
                for (int i = 0; i < n; i++) d[i] = (float) (0.1 * gaussian(rng));
            } else if (k.startsWith("fc.")) {
                double bound = 1.0 / Math.sqrt(spec.featureChannels());
                for (int i = 0; i < n; i++) d[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            } else if (shape.length == 4) {
                double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                for (int i = 0; i < n; i++) d[i] = (float) (std * gaussian(rng));
            } else if (k.endsWith(".weight")) {
                for (int i = 0; i < n; i++) d[i] = (float) (1.0 + 0.1 * gaussian(rng));
            } else {
                for (int i = 0; i < n; i++) d[i] = (float) (0.1 * gaussian(rng));
            }
            m.put(k, new TensorValue(shape, d));
        }
        return new StateDict(m);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
