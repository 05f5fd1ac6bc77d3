package illusions.model;

/** The two residual blocks of torchvision's ResNet. */
public enum BlockType {
    /** Two 3x3 convolutions (ResNet-18/34); expansion 1. */
    BASIC(1),
    /** 1x1, 3x3 (stride here, as torchvision v1.5), 1x1 convolutions (ResNet-50/101/152); expansion 4. */
    BOTTLENECK(4);

    public final int expansion;

    BlockType(int expansion) {
        this.expansion = expansion;
    }
}
