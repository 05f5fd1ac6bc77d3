package illusions.gpi;

import illusions.image.RgbImage;
import illusions.model.TensorValue;
import java.util.Map;

/**
 * The state of one sample at a shown iteration: the image x_t, the gradient magnitude
 * sqrt(sum_c g^2) at each pixel (row-major H*W), and the tapped activations [h, w, c].
 */
public record Snapshot(int iteration, int sample, RgbImage image, float[] gradientMagnitude,
        Map<String, TensorValue> activations) {}
