package illusions.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A torchvision-layout ResNet: stem (7x7/2 conv, BN, ReLU, 3x3/2 max-pool), four stages of
 * residual blocks at widths w, 2w, 4w, 8w (times the block expansion), global average pool, fc.
 *
 * @param blocks      residual blocks per stage, e.g. [3,4,6,3] for ResNet-50
 * @param blockType   BASIC or BOTTLENECK
 * @param width       channels of the stem and of the first stage (64 in torchvision)
 * @param numClasses  outputs of the fc layer
 * @param inputSize   side of the square input the model is used at (the graph itself accepts any size)
 */
public record ResNetSpec(List<Integer> blocks, BlockType blockType, int width, int numClasses, int inputSize) {

    public ResNetSpec {
        blocks = List.copyOf(blocks);
        if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("a ResNet has four stages of at least one block each, got " + blocks);
        }
        if (width < 1) throw new IllegalArgumentException("width must be positive, got " + width);
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        if (inputSize < 32) throw new IllegalArgumentException("inputSize must be at least 32, got " + inputSize);
    }

    /** The standard depths: 18, 34 (BasicBlock), 50, 101, 152 (Bottleneck). */
    public static ResNetSpec resnet(int depth, int width, int numClasses, int inputSize) {
        return switch (depth) {
            case 18 -> new ResNetSpec(List.of(2, 2, 2, 2), BlockType.BASIC, width, numClasses, inputSize);
            case 34 -> new ResNetSpec(List.of(3, 4, 6, 3), BlockType.BASIC, width, numClasses, inputSize);
            case 50 -> new ResNetSpec(List.of(3, 4, 6, 3), BlockType.BOTTLENECK, width, numClasses, inputSize);
            case 101 -> new ResNetSpec(List.of(3, 4, 23, 3), BlockType.BOTTLENECK, width, numClasses, inputSize);
            case 152 -> new ResNetSpec(List.of(3, 8, 36, 3), BlockType.BOTTLENECK, width, numClasses, inputSize);
            default -> throw new IllegalArgumentException("unknown ResNet depth " + depth + "; use 18, 34, 50, 101 or 152");
        };
    }

    /** ImageNet ResNet-50 as in torchvision and the robustness library. */
    public static ResNetSpec resnet50Imagenet() {
        return resnet(50, 64, 1000, 224);
    }

    /** The depth of the standard layout this spec matches, or -1 for a custom block count. */
    public int depth() {
        for (int d : new int[] {18, 34, 50, 101, 152}) {
            ResNetSpec s = resnet(d, width, numClasses, inputSize);
            if (s.blocks.equals(blocks) && s.blockType == blockType) return d;
        }
        return -1;
    }

    /** A short human name, e.g. "resnet50" or "resnet[1,1,1,1]-bottleneck-w8". */
    public String name() {
        int d = depth();
        String base = d > 0 ? "resnet" + d : "resnet" + blocks.toString().replace(" ", "") + "-" + blockType.name().toLowerCase();
        return width == 64 ? base : base + "-w" + width;
    }

    public int stageChannels(int stage) {
        return width * (1 << stage) * blockType.expansion;
    }

    /** Channels of the pooled features (input of fc). */
    public int featureChannels() {
        return stageChannels(3);
    }

    /**
     * Every parameter and buffer, by its torchvision state_dict name, with its PyTorch shape
     * (conv weights [out, in, kh, kw], fc weight [classes, features]). Iteration order is the
     * order of torchvision's state_dict, without num_batches_tracked.
     */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("conv1.weight", new long[] {width, 3, 7, 7});
        putBn(m, "bn1", width);
        int inCh = width;
        for (int s = 0; s < 4; s++) {
            int planes = width * (1 << s);
            int out = planes * blockType.expansion;
            for (int b = 0; b < blocks.get(s); b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                int stride = (b == 0 && s > 0) ? 2 : 1;
                if (blockType == BlockType.BASIC) {
                    m.put(p + "conv1.weight", new long[] {planes, inCh, 3, 3});
                    putBn(m, p + "bn1", planes);
                    m.put(p + "conv2.weight", new long[] {planes, planes, 3, 3});
                    putBn(m, p + "bn2", planes);
                } else {
                    m.put(p + "conv1.weight", new long[] {planes, inCh, 1, 1});
                    putBn(m, p + "bn1", planes);
                    m.put(p + "conv2.weight", new long[] {planes, planes, 3, 3});
                    putBn(m, p + "bn2", planes);
                    m.put(p + "conv3.weight", new long[] {out, planes, 1, 1});
                    putBn(m, p + "bn3", out);
                }
                if (b == 0 && (stride != 1 || inCh != out)) {
                    m.put(p + "downsample.0.weight", new long[] {out, inCh, 1, 1});
                    putBn(m, p + "downsample.1", out);
                }
                inCh = out;
            }
        }
        m.put("fc.weight", new long[] {numClasses, inCh});
        m.put("fc.bias", new long[] {numClasses});
        return m;
    }

    private static void putBn(Map<String, long[]> m, String prefix, int ch) {
        m.put(prefix + ".weight", new long[] {ch});
        m.put(prefix + ".bias", new long[] {ch});
        m.put(prefix + ".running_mean", new long[] {ch});
        m.put(prefix + ".running_var", new long[] {ch});
    }
}
