package illusions.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.TensorValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tiny adversarial run (random starts, eps warm-up, PGD in both towers) must give the same
 * numbers, bit for bit, as the code the shipped models were trained with: refactoring the trainer
 * or the PGD graph must not move a single float. The values were taken before the training
 * mechanics moved out of scripts/train.java and PGD started sharing GPI's step rule.
 *
 * <p>The run happens in a JVM of its own ({@link #main}), as a training script runs: TensorFlow
 * sizes its process-wide intra-op thread pool from the first session of the process, and another
 * pool (left by an earlier test's session with another thread count) splits the reductions
 * differently and changes the last bits. TensorFlow's CPU kernels may also take other instruction
 * paths on another processor (oneDNN picks kernels by instruction set: AVX-512, AMX...), so the
 * bits are compared only on the processor they were pinned on; elsewhere the losses, the held-out
 * loss and the weights' L1 norm must agree to a relative 1e-4, far tighter than any change of the
 * algorithm moves them and far looser than kernel rounding.
 */
class TrainingPinnedTest {
    static final String LOSSES = "40550d8d 40469972 4042fbca 402db2ac 403d73a0 40105fe6";
    static final String WEIGHTS = "1c40e534fd7c1f6d4d8af3c2dfd3918a8a7ca2e0ad5737aa80de022236bf9c82";
    static final String EVALUATION = "0.0625 0.0625 4614040939063672832";
    static final double WEIGHTS_L1 = 2002.2091683778572;
    /** The processor the bits were pinned on (/proc/cpuinfo "model name"). */
    static final String PINNED_ON = "Intel(R) Xeon(R) Processor";

    @Test
    void aTinyAdversarialRunGivesThePinnedLossesWeightsAndAccuracies() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrainingPinnedTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        String losses = line(out, "LOSSES "), weights = line(out, "WEIGHTS "), evaluation = line(out, "EVALUATION ");
        double l1 = Double.parseDouble(line(out, "WEIGHTS_L1 "));
        String now = "losses " + losses + ", weights " + weights + ", evaluation " + evaluation + ", L1 " + l1;
        String[] want = LOSSES.split(" "), got = losses.split(" ");
        assertEquals(want.length, got.length, now);
        for (int i = 0; i < want.length; i++) {
            assertEquals(bits(want[i]), bits(got[i]), 1e-4 * Math.abs(bits(want[i])), "training loss " + i + "; " + now);
        }
        String[] ev = evaluation.split(" "), evWant = EVALUATION.split(" ");
        assertEquals(evWant[0] + " " + evWant[1], ev[0] + " " + ev[1], "held-out clean and robust accuracy; " + now);
        double loss = Double.longBitsToDouble(Long.parseLong(ev[2])), lossWant = Double.longBitsToDouble(Long.parseLong(evWant[2]));
        assertEquals(lossWant, loss, 1e-4 * lossWant, "held-out clean loss; " + now);
        assertEquals(WEIGHTS_L1, l1, 1e-4 * WEIGHTS_L1, "L1 norm of the final weights; " + now);
        if (PINNED_ON.equals(illusions.run.Provenance.cpuModel())) {
            assertEquals(LOSSES, losses, "bit for bit on " + PINNED_ON + ": " + now);
            assertEquals(EVALUATION, evaluation, now);
            assertEquals(WEIGHTS, weights, now);
        }
    }

    private static float bits(String hex) {
        return Float.intBitsToFloat(Integer.parseUnsignedInt(hex, 16));
    }


    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "line in:\n" + out));
    }

    /** The pinned run: 6 steps of a 2-epoch adversarial config, then a held-out evaluation, on 2 threads. */
    public static void main(String[] args) throws Exception {
        TrainConfig cfg = new TrainConfig("adversarial", List.of(1, 1, 1, 1), 4, 32, 7, 5, 32, 16, 8, 2, 0.05f, 0.9f,
                5e-4f, "cosine", 0.5f, 2, TrainConfig.defaultStepSize(0.5f, 2), true, 1f, null, null, null, null, null);
        StringBuilder losses = new StringBuilder();
        Trainer.Evaluation ev;
        MessageDigest weights = MessageDigest.getInstance("SHA-256");
        double l1 = 0;
        try (Trainer t = new Trainer(cfg, 2)) {
            for (int i = 0; i < 6; i++) losses.append(Integer.toHexString(Float.floatToRawIntBits(t.trainStep().loss()))).append(' ');
            ev = t.evaluate();
            for (Map.Entry<String, TensorValue> e : t.stateDict().tensors().entrySet()) {
                weights.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                float[] d = e.getValue().data();
                ByteBuffer b = ByteBuffer.allocate(4 * d.length);
                for (float f : d) {
                    b.putFloat(f);
                    l1 += Math.abs(f);
                }
                weights.update(b.array());
            }
        }
        System.out.println("LOSSES " + losses.toString().strip());
        System.out.println("WEIGHTS " + HexFormat.of().formatHex(weights.digest()));
        System.out.println("WEIGHTS_L1 " + l1);
        System.out.println("EVALUATION " + ev.cleanAccuracy() + " " + ev.robustAccuracy() + " "
                + Double.doubleToRawLongBits(ev.cleanLoss()));
    }
}
