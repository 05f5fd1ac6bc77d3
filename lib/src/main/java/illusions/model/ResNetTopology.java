package illusions.model;

import java.util.List;
import java.util.function.BiConsumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The wiring of a torchvision ResNet, shared by the inference graph ({@link ResNetGraph}) and the
 * training graph: stem, max-pool, four stages of residual blocks. How a convolution with its batch
 * norm is computed (folded, fused, on batch statistics) is the caller's {@link ConvBn}.
 */
public final class ResNetTopology {
    private ResNetTopology() {}

    /** A convolution named {@code conv} (torch name) followed by the batch norm named {@code bn}. */
    @FunctionalInterface
    public interface ConvBn {
        Operand<TFloat32> apply(Operand<TFloat32> x, String conv, String bn, int kernel, int stride, int pad);
    }

    /**
     * conv1+bn1+relu (tapped as {@code stem}), 3x3/2 max-pool, {@code layer1}..{@code layer4}
     * (each tapped); returns layer4's output, before the global average pool.
     */
    public static Operand<TFloat32> body(Ops net, ResNetSpec spec, Operand<TFloat32> image, ConvBn convBn,
            BiConsumer<String, Operand<TFloat32>> tap) {
        Operand<TFloat32> x = net.nn.relu(convBn.apply(image, "conv1", "bn1", 7, 2, 3));
        tap.accept("stem", x);
        // Inputs are post-ReLU (>= 0), so zero padding gives the same max as torch's -inf padding.
        x = net.pad(x, padding(net, 1), net.constant(0f));
        x = maxPool3x3s2(net, x);
        int inCh = spec.width();
        for (int s = 0; s < 4; s++) {
            int out = spec.stageChannels(s);
            for (int b = 0; b < spec.blocks().get(s); b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                int stride = (b == 0 && s > 0) ? 2 : 1;
                boolean downsample = b == 0 && (stride != 1 || inCh != out);
                x = block(net, spec.blockType(), x, p, stride, downsample, convBn);
                inCh = out;
            }
            tap.accept("layer" + (s + 1), x);
        }
        return x;
    }

    /** Which max-pool op the stem uses: {@code MaxPool} (V1, attributes) or {@code MaxPoolV2} (tensor inputs). */
    public enum MaxPoolOp { V1, V2 }

    /** {@code -Dillusions.maxPool=v1|v2}; the default is {@link MaxPoolOp#V2}, what TF Java's {@code nn.maxPool} builds. */
    static MaxPoolOp maxPoolOp() {
        String v = System.getProperty("illusions.maxPool", "v2");
        return switch (v) {
            case "v1" -> MaxPoolOp.V1;
            case "v2" -> MaxPoolOp.V2;
            default -> throw new IllegalArgumentException("illusions.maxPool must be v1 or v2, got '" + v + "'");
        };
    }

    private static Operand<TFloat32> maxPool3x3s2(Ops net, Operand<TFloat32> x) {
        if (maxPoolOp() == MaxPoolOp.V2) {
            return net.nn.maxPool(x, net.constant(new int[] {1, 3, 3, 1}), net.constant(new int[] {1, 2, 2, 1}), "VALID");
        }
        // V1 carries ksize and strides as attributes, which oneDNN's pooling kernels require
        org.tensorflow.op.Scope scope = net.scope();
        org.tensorflow.OperationBuilder b = scope.env().opBuilder("MaxPool", scope.makeOpName("MaxPool"), scope);
        b.addInput(x.asOutput());
        b = scope.apply(b);
        b.setAttr("ksize", new long[] {1, 3, 3, 1});
        b.setAttr("strides", new long[] {1, 2, 2, 1});
        b.setAttr("padding", "VALID");
        return b.build().output(0);
    }

    private static Operand<TFloat32> block(Ops net, BlockType type, Operand<TFloat32> x, String p, int stride,
            boolean downsample, ConvBn convBn) {
        Operand<TFloat32> y;
        if (type == BlockType.BASIC) {
            y = net.nn.relu(convBn.apply(x, p + "conv1", p + "bn1", 3, stride, 1));
            y = convBn.apply(y, p + "conv2", p + "bn2", 3, 1, 1);
        } else {
            // torchvision v1.5: the stride sits on the 3x3 convolution
            y = net.nn.relu(convBn.apply(x, p + "conv1", p + "bn1", 1, 1, 0));
            y = net.nn.relu(convBn.apply(y, p + "conv2", p + "bn2", 3, stride, 1));
            y = convBn.apply(y, p + "conv3", p + "bn3", 1, 1, 0);
        }
        Operand<TFloat32> identity = downsample
                ? convBn.apply(x, p + "downsample.0", p + "downsample.1", 1, stride, 0) : x;
        return net.nn.relu(net.math.add(y, identity));
    }

    /**
     * A k x k convolution with torchvision's symmetric zero padding: {@code Pad} + VALID (TF's
     * EXPLICIT padding has no gradient), or SAME where that is identical (stride 1), one op less.
     */
    public static Operand<TFloat32> conv(Ops net, Operand<TFloat32> x, Operand<TFloat32> kernel, int k, int stride,
            int pad) {
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        if (pad > 0 && stride == 1 && 2 * pad == k - 1) return net.nn.conv2d(x, kernel, strides, "SAME");
        if (pad > 0) x = net.pad(x, padding(net, pad), net.constant(0f));
        return net.nn.conv2d(x, kernel, strides, "VALID");
    }

    private static Operand<TInt32> padding(Ops net, int p) {
        return net.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}});
    }

    /** PyTorch layout -> TF layout: conv [out,in,kh,kw] -> [kh,kw,in,out]; fc [c,in] -> [in,c]; vectors as they are. */
    public static float[] toTfLayout(TensorValue t) {
        long[] s = t.shape();
        float[] src = t.data();
        if (s.length == 4) {
            int o = (int) s[0], i = (int) s[1], kh = (int) s[2], kw = (int) s[3];
            float[] dst = new float[src.length];
            for (int a = 0; a < o; a++)
                for (int b = 0; b < i; b++)
                    for (int y = 0; y < kh; y++)
                        for (int x = 0; x < kw; x++)
                            dst[((y * kw + x) * i + b) * o + a] = src[((a * i + b) * kh + y) * kw + x];
            return dst;
        }
        if (s.length == 2) return transpose(src, (int) s[0], (int) s[1]);
        if (s.length == 1) return src.clone();
        throw new IllegalArgumentException("unexpected rank " + s.length + " for a ResNet parameter " + t.shapeString());
    }

    /** TF layout -> PyTorch layout, given the PyTorch shape. */
    public static float[] fromTfLayout(long[] torchShape, float[] src) {
        if (torchShape.length == 4) {
            int o = (int) torchShape[0], i = (int) torchShape[1], kh = (int) torchShape[2], kw = (int) torchShape[3];
            float[] dst = new float[src.length];
            for (int a = 0; a < o; a++)
                for (int b = 0; b < i; b++)
                    for (int y = 0; y < kh; y++)
                        for (int x = 0; x < kw; x++)
                            dst[((a * i + b) * kh + y) * kw + x] = src[((y * kw + x) * i + b) * o + a];
            return dst;
        }
        if (torchShape.length == 2) return transpose(src, (int) torchShape[1], (int) torchShape[0]);
        return src.clone();
    }

    private static float[] transpose(float[] src, int rows, int cols) {
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[c * rows + r] = src[r * cols + c];
        return dst;
    }
}
