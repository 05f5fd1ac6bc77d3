package illusions.model;

import illusions.image.RgbImage;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** N images of one size as an NHWC float array: what goes into the network's {@code image} input. */
public record Batch(int n, int height, int width, float[] data) {

    public Batch {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("a batch needs n, height and width >= 1, got " + n + "x" + height + "x" + width);
        }
        if (data.length != n * height * width * 3) {
            throw new IllegalArgumentException("a batch of " + n + " " + height + "x" + width + " RGB images needs "
                    + n * height * width * 3 + " values, got " + data.length);
        }
    }

    public static Batch of(List<RgbImage> images) {
        RgbImage first = images.get(0);
        return new Batch(images.size(), first.height(), first.width(), RgbImage.stack(images));
    }

    public static Batch of(RgbImage... images) {
        return of(List.of(images));
    }

    /** A copy of the values: callers that change it (adding noise, stepping) must not change the batch. */
    @Override
    public float[] data() {
        return data.clone();
    }

    public int sampleSize() {
        return height * width * 3;
    }

    public RgbImage image(int i) {
        float[] d = new float[sampleSize()];
        System.arraycopy(data, i * sampleSize(), d, 0, sampleSize());
        return new RgbImage(height, width, d);
    }

    public TFloat32 toTensor() {
        return TFloat32.tensorOf(Shape.of(n, height, width, 3), DataBuffers.of(data, true, false));
    }
}
