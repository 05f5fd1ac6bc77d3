package illusions.gpi;

import illusions.image.RgbImage;
import illusions.model.TensorValue;
import java.util.List;
import java.util.Optional;

/** A finished GPI run: per-iteration records, snapshots at the shown iterations, final images. */
public record GpiResult(List<Sample> samples, List<IterationRecord> records, List<Snapshot> snapshots,
        List<RgbImage> finalImages, List<String> prepared, long elapsedNanos) {

    public Optional<Snapshot> snapshot(int iteration, int sample) {
        return snapshots.stream().filter(s -> s.iteration() == iteration && s.sample() == sample).findFirst();
    }

    /**
     * Induced activity of a tap: activation(x_t) - activation(x_0), summed over channels, [h*w]
     * row-major; needs snapshots at 0 and t.
     */
    /**
     * |induced activity| of a spatial tap, bilinearly upsampled to {@code size} x {@code size}: the
     * map that region measures of induced activity average; null for a tap without spatial axes.
     */
    public float[] inducedMagnitudeMap(String tap, int iteration, int sample, int size) {
        TensorValue a = snapshot(iteration, sample).orElseThrow(() -> new IllegalArgumentException(
                "no snapshot at iteration " + iteration)).activations().get(tap);
        if (a == null) throw new IllegalArgumentException("tap '" + tap + "' was not recorded");
        if (a.shape().length != 3) return null;
        float[] induced = inducedActivity(tap, iteration, sample);
        for (int i = 0; i < induced.length; i++) induced[i] = Math.abs(induced[i]);
        return illusions.metrics.Maps.upsample(induced, (int) a.shape()[0], (int) a.shape()[1], size, size);
    }

    public float[] inducedActivity(String tap, int iteration, int sample) {
        TensorValue a = snapshot(iteration, sample).orElseThrow(() -> new IllegalArgumentException(
                "no snapshot at iteration " + iteration)).activations().get(tap);
        TensorValue a0 = snapshot(0, sample).orElseThrow(() -> new IllegalArgumentException(
                "no snapshot at iteration 0")).activations().get(tap);
        if (a == null || a0 == null) throw new IllegalArgumentException("tap '" + tap + "' was not recorded");
        int c = (int) a.shape()[a.shape().length - 1];
        float[] out = new float[a.data().length / c];
        for (int i = 0; i < out.length; i++) {
            float s = 0;
            for (int j = 0; j < c; j++) s += a.data()[i * c + j] - a0.data()[i * c + j];
            out[i] = s;
        }
        return out;
    }

    public double elapsedMillisPerStep() {
        int steps = records.stream().mapToInt(IterationRecord::iteration).max().orElse(0);
        return steps == 0 ? 0 : elapsedNanos / 1e6 / (steps + 1);
    }
}
