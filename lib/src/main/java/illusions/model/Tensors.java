package illusions.model;

import org.tensorflow.types.TFloat32;

/** Copies between TF tensors and plain Java arrays. */
public final class Tensors {
    private Tensors() {}

    public static TensorValue read(TFloat32 t) {
        float[] data = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(data);
        return new TensorValue(t.shape().asArray(), data);
    }

    public static float[] floats(TFloat32 t) {
        float[] data = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(data);
        return data;
    }
}
