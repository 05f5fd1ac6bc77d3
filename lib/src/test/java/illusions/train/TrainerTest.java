package illusions.train;

import static org.junit.jupiter.api.Assertions.*;

import illusions.gpi.NonFiniteValueException;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    static TrainConfig tiny(String mode, float lr) {
        return new TrainConfig(mode, List.of(1, 1, 1, 1), 4, 32, 11, 5, 16, 10, 8, 2, lr, 0.9f, 5e-4f, "cosine",
                0.5f, 2, TrainConfig.defaultStepSize(0.5f, 2), true, 0f, null, null, null, null, null);
    }

    private static Checkpoint.Header header(List<String> commands, List<Map<String, Object>> sessions) {
        return new Checkpoint.Header(tiny("standard", 0.05f), 2, 1.0, List.of(), commands, sessions);
    }

    /** The thread count a run last ran with: its last session's, else its last command line's (2 when it names none). */
    @Test
    void recordedThreadsAreTheLastSessionsOrTheLastCommandsCount() {
        assertEquals(OptionalInt.of(1), Trainer.recordedThreads(header(List.of("train --threads 3 --out x", "train --out x --resume"),
                List.of(Map.of("threads", 3), Map.of("threads", 1)))), "the last session's count");
        assertEquals(OptionalInt.of(3), Trainer.recordedThreads(header(List.of("train --threads 1 --out x",
                "train --out x --resume --threads 3"), null)), "no session records: the last command's --threads");
        assertEquals(OptionalInt.of(4), Trainer.recordedThreads(header(List.of("train --threads=4 --out x"), List.of())));
        assertEquals(OptionalInt.of(5), Trainer.recordedThreads(header(List.of("train --threads 1 --threads 5 --out x"), null)),
                "a repeated option: the last one counts");
        assertEquals(OptionalInt.of(Trainer.DEFAULT_THREADS), Trainer.recordedThreads(header(
                List.of("train --threads 1 --out x", "train --out x-threads-9 --resume"), null)), "a command naming none ran with the default");
        assertEquals(OptionalInt.empty(), Trainer.recordedThreads(header(null, null)));
    }

    /** Resuming without a thread count keeps the run's, so that it continues bit for bit; an explicit one wins. */
    @Test
    void resumeKeepsTheThreadCountTheRunRanWith() throws Exception {
        TrainConfig cfg = tiny("standard", 0.05f);
        Path ckpt = tmp.resolve("one-thread.ckpt");
        try (Trainer t = new Trainer(cfg, 1)) {
            t.startSession("./jbang train --threads 1 --out x");
            t.trainStep();
            t.save(ckpt);
        }
        try (Trainer t = Trainer.resume(ckpt, OptionalInt.empty(), 0)) {
            assertEquals(1, t.threads());
            assertEquals(OptionalInt.of(1), t.threadsBefore());
        }
        try (Trainer t = Trainer.resume(ckpt, OptionalInt.of(2), 0)) {
            assertEquals(2, t.threads(), "an explicit count wins");
            assertEquals(OptionalInt.of(1), t.threadsBefore());
        }
        try (Trainer t = new Trainer(cfg, 2)) {
            assertEquals(OptionalInt.empty(), t.threadsBefore(), "a fresh run was not resumed");
        }
    }

    @Test
    void resumedRunEndsWhereAnUninterruptedOneDoes() throws Exception {
        TrainConfig cfg = tiny("adversarial", 0.05f);
        assertEquals(4, cfg.totalSteps());
        StateDict straight;
        float[] straightLoss = new float[4];
        try (Trainer t = new Trainer(cfg, 2)) {
            for (int i = 0; i < 4; i++) straightLoss[i] = t.trainStep().loss();
            assertTrue(t.finished());
            straight = t.stateDict();
        }
        Path ckpt = tmp.resolve("ckpt.bin");
        try (Trainer t = new Trainer(cfg, 2)) {
            t.trainStep();
            t.trainStep();
            t.record(Map.of("epoch", 1, "loss", 1.5));
            t.save(ckpt);
        }
        try (Trainer t = Trainer.resume(ckpt, 2, 0)) {
            assertEquals(2, t.step(), "resume continues from the saved step");
            assertEquals(1, t.history().size());
            assertArrayEquals(new Trainer(cfg, 1).indicesOf(2), t.indicesOf(2), "same data order after resume");
            assertEquals(straightLoss[2], t.trainStep().loss(), 1e-4f, "first resumed step sees the same batch and weights");
            t.trainStep();
            assertTrue(t.finished());
            StateDict resumed = t.stateDict();
            double maxDiff = 0;
            for (Map.Entry<String, TensorValue> e : straight.tensors().entrySet()) {
                float[] a = e.getValue().data(), b = resumed.get(e.getKey()).data();
                for (int i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
            assertTrue(maxDiff < 1e-4, "resumed weights differ from the uninterrupted run by " + maxDiff);
        }
        // Without the momentum slots the result would differ: guard that the slots are in the checkpoint.
        Checkpoint.Contents c = Checkpoint.read(ckpt);
        assertTrue(c.state().keySet().stream().anyMatch(k -> k.endsWith("-momentum")), "momentum slots saved");
        assertTrue(c.state().values().stream().filter(v -> v.data().length > 0)
                .anyMatch(v -> v.data()[0] != 0f), "state is not all zeros");
    }

    @Test
    void aWarmStartBeginsFromTheCheckpointsWeightsAndRefusesAnotherNetwork() throws Exception {
        Path ckpt = tmp.resolve("base.ckpt");
        StateDict base;
        try (Trainer t = new Trainer(tiny("standard", 0.05f), 2)) {
            t.trainStep();
            t.trainStep();
            t.save(ckpt);
            base = t.stateDict();
        }
        TrainConfig adv = tiny("adversarial", 0.05f);
        TrainConfig named = new TrainConfig(adv.mode(), adv.blocks(), adv.width(), adv.inputSize(), 99, adv.worldSeed(),
                adv.trainSize(), adv.evalSize(), adv.batchSize(), adv.epochs(), adv.lr(), adv.momentum(), adv.weightDecay(),
                adv.schedule(), adv.eps(), adv.pgdSteps(), adv.pgdStepSize(), adv.randomStart(), 0f, null, null, null, null,
                ckpt + " sha256:test");
        try (Trainer t = Trainer.warmStart(ckpt, named, 2)) {
            assertEquals(0, t.step(), "a warm start is a new run");
            for (Map.Entry<String, TensorValue> e : base.tensors().entrySet()) {
                assertArrayEquals(e.getValue().data(), t.stateDict().get(e.getKey()).data(), e.getKey());
            }
        }
        try (Trainer fresh = new Trainer(named, 2)) {
            assertTrue(base.tensors().entrySet().stream().anyMatch(e ->
                    !java.util.Arrays.equals(e.getValue().data(), fresh.stateDict().get(e.getKey()).data())),
                    "without the warm start the weights are the seed's own");
        }
        TrainConfig wider = new TrainConfig("standard", List.of(1, 1, 1, 1), 8, 32, 11, 5, 16, 10, 8, 2, 0.05f, 0.9f, 5e-4f,
                "cosine", 0.5f, 2, 0.5f, true, 0f, null, null, null, null, null);
        var e = assertThrows(CheckpointException.class, () -> Trainer.warmStart(ckpt, wider, 2));
        assertTrue(e.getMessage().contains("same network"), e.getMessage());
    }

    @Test
    void corruptCheckpointIsRefusedWithAClearMessage() throws Exception {
        Path ckpt = tmp.resolve("ckpt.bin");
        try (Trainer t = new Trainer(tiny("standard", 0.05f), 2)) {
            t.trainStep();
            t.save(ckpt);
        }
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 0x40;
        Path flipped = tmp.resolve("flipped.bin");
        Files.write(flipped, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Trainer.resume(flipped, 2, 0));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        Path truncated = tmp.resolve("truncated.bin");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        e = assertThrows(CheckpointException.class, () -> Trainer.resume(truncated, 2, 0));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        Path other = tmp.resolve("other.bin");
        Files.writeString(other, "not a checkpoint at all");
        e = assertThrows(CheckpointException.class, () -> Trainer.resume(other, 2, 0));
        assertTrue(e.getMessage().contains("not a workbench training checkpoint"), e.getMessage());
    }

    @Test
    void nonFiniteLossStopsTrainingNamingStepAndBatch() {
        try (Trainer t = new Trainer(tiny("standard", 1e30f), 2)) {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> {
                for (int i = 0; i < 4; i++) t.trainStep();
            });
            assertTrue(e.getMessage().matches("(?s).*at step \\d+ \\(epoch \\d+, batch \\d+ of 2; world images \\[.*"),
                    e.getMessage());
        }
    }

    @Test
    void aWidthAndSizeThatCrashOneDnnAreRefusedNamingTheWayOut() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Trainer.refuseKnownOneDnnCrash(4, 64, null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("--width 16") && e.getMessage().contains("TF_ENABLE_ONEDNN_OPTS=0"),
                e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Trainer.refuseKnownOneDnnCrash(8, 48, "1"));
        Trainer.refuseKnownOneDnnCrash(4, 32, null);   // what CI trains
        Trainer.refuseKnownOneDnnCrash(16, 64, null);  // the shipped 64-px recipe
        Trainer.refuseKnownOneDnnCrash(4, 64, "0");    // oneDNN off
    }
}
