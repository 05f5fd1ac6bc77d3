package illusions.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic a model's session computes in ({@code --precision}).
 *
 * <p>{@link #FP32}: every op in float32, the graph as built (the default; bit-identical to runs made
 * before the option existed). {@link #BF16}: TensorFlow's oneDNN auto mixed precision rewriter
 * ({@code RewriterConfig.auto_mixed_precision_onednn_bfloat16}) rewrites the graph when the
 * session first runs it: convolutions, matrix products and their gradients, and the ops between
 * them inside the network (ReLU, additions, pooling, the backward pass's reductions), run in
 * bfloat16, with casts inserted at the boundaries. The loss (softmax cross-entropy) and the GPI
 * update (the gradient's L2 norm, the step, the noise, the eps box, the clip to [0,1]) stay
 * float32, as the partition graphs show ({@link OptimizedGraph}); every tensor fed or fetched is
 * float32. The weights stay float32 in the model and are cast to bfloat16 at each run.
 */
public enum Precision {
    FP32, BF16;

    public static Precision parse(String s) {
        if (s == null) throw new IllegalArgumentException("--precision needs a value: fp32 or bf16");
        return switch (s.strip().toLowerCase()) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("unknown --precision '" + s + "'; use fp32 or bf16");
        };
    }

    public String cliName() {
        return name().toLowerCase();
    }

    /**
     * The session configuration: {@code threads} intra-op threads, {@code interOp} inter-op
     * threads and, for {@link #BF16}, the oneDNN bfloat16 rewriter switched on. For {@link #FP32}
     * the configuration is exactly the one used before precisions existed.
     */
    public ConfigProto sessionConfig(int threads, int interOp) {
        return sessionConfig(threads, interOp, false);
    }

    /**
     * As {@link #sessionConfig(int, int)}; with {@code ownThreadPools} the session gets thread pools
     * of its own instead of the process-wide ones, which the first session of a process sizes for
     * every later one (two sessions of one thread each would otherwise share a single thread).
     */
    public ConfigProto sessionConfig(int threads, int interOp, boolean ownThreadPools) {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (interOp < 1) throw new IllegalArgumentException("--inter-op must be at least 1, got " + interOp);
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(interOp);
        if (ownThreadPools) b.setUsePerSessionThreads(true);
        if (this == BF16) {
            b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        }
        return b.build();
    }

    /**
     * What this CPU offers for bfloat16, from the flags in /proc/cpuinfo: {@code "amx_bf16"} or
     * {@code "avx512_bf16"} (native bf16 instructions), {@code "emulated (avx512 without bf16
     * instructions)"} (oneDNN converts and computes in float32, usually no faster than fp32),
     * {@code "none (no avx512)"}, or {@code "unknown"} where /proc/cpuinfo cannot be read.
     */
    public static String cpuBf16Support() {
        return cpuBf16SupportOf(Path.of("/proc/cpuinfo"));
    }

    public static String cpuBf16SupportOf(Path cpuinfo) {
        Set<String> flags = new HashSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("flags")) {
                    flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).strip().split("\\s+")));
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        if (flags.isEmpty()) return "unknown";
        if (flags.contains("amx_bf16")) return "amx_bf16";
        if (flags.contains("avx512_bf16")) return "avx512_bf16";
        if (flags.contains("avx512f")) return "emulated (avx512 without bf16 instructions)";
        return "none (no avx512)";
    }
}
