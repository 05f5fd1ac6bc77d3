package illusions.train;

import static org.junit.jupiter.api.Assertions.*;

import illusions.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void theTrainersProvenanceSurvivesTheModelCardAndFillsTheReadme() throws Exception {
        TrainConfig cfg = TrainerTest.tiny("adversarial", 0.05f);
        TrainingProvenance p;
        List<Map<String, Object>> history;
        try (Trainer t = new Trainer(cfg, 2)) {
            assertThrows(IllegalStateException.class, () -> t.provenance(List.of(), 0), "nothing to describe before an epoch");
            t.startSession("./jbang train --epochs 2 --out x");
            t.startSession("./jbang train --out x --resume");
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                double loss = 0;
                for (int i = 0; i < cfg.stepsPerEpoch(); i++) loss += t.trainStep().loss();
                t.recordEpoch(loss / cfg.stepsPerEpoch(), 0.25, t.evaluate());
            }
            history = t.history();
            p = t.provenance(List.of("--out", "x", "--resume"), 12.6);
            t.export(tmp.resolve("model"), p);
        }
        assertEquals("./jbang train --epochs 2 --out x", p.trainingCommand());
        assertEquals(List.of("./jbang train --out x --resume"), p.resumedWith());
        assertEquals(cfg, p.trainingConfig());
        assertEquals(13, p.wallSecondsLastSession());
        assertEquals(((Number) history.get(1).get("robust_accuracy")).doubleValue(), p.robustAccuracy());
        assertEquals(List.of("--out", "x", "--resume"), p.environment().get("command_line"));

        ModelCard card = ModelCard.read(tmp.resolve("model"));
        assertEquals(cfg.spec(), card.spec());
        assertEquals(cfg.classNames(), card.classNames());
        TrainingProvenance back = TrainingProvenance.of(card);
        assertEquals(ModelCard.json().writeValueAsString(p), ModelCard.json().writeValueAsString(back),
                "model.json holds the whole typed provenance");
        assertEquals(p.trainingConfig(), back.trainingConfig());
        assertEquals(p.resumedWith(), back.resumedWith());
        assertEquals(p.cleanAccuracy(), back.cleanAccuracy());
        assertEquals(List.copyOf(card.provenance().keySet()).subList(0, 4),
                List.of("source", "training_command", "resumed_with", "seed"), "model.json keeps its key order");

        String readme = Files.readString(tmp.resolve("model/README.md"));
        assertTrue(readme.startsWith("# model: resnet[1,1,1,1]-basic-w4, L2-PGD adversarially trained on the synthetic shapes world"),
                readme);
        assertTrue(readme.contains("| resumed with | `./jbang train --out x --resume` |"), readme);
        assertTrue(readme.contains("| attack in training | L2 PGD, eps 0.5, 2 steps of 0.625, random start, train-mode BN |"), readme);
        assertTrue(readme.contains("(2 threads)"), readme);
        assertTrue(readme.contains(String.format("| held-out robust accuracy | %.3f (L2 PGD eps 0.500, 2 steps of 0.625,"
                + " eval-mode BN, from the clean image) |", p.robustAccuracy())), readme);
        assertEquals(EpochTable.of(history).write().toString("csv"),
                Files.readString(tmp.resolve("model/" + EpochTable.FILE)), "the exported per-epoch table is the history");

        ModelCard other = ModelCard.of(cfg.spec(), null, null, Map.of("source", "converted"));
        assertThrows(IllegalArgumentException.class, () -> TrainingProvenance.of(other));
    }

    /** A run resumed on another machine says which steps ran where; an old checkpoint's sessions count as unrecorded. */
    @Test
    void eachSessionsCpuKindSurvivesTheCheckpointAndReachesTheCard() throws Exception {
        TrainConfig cfg = TrainerTest.tiny("standard", 0.05f);
        Path ckpt = tmp.resolve("step-2.ckpt"), old = tmp.resolve("old.ckpt");
        try (Trainer t = new Trainer(cfg, 2)) {
            t.startSession("./jbang train --epochs 2 --out x");
            for (int i = 0; i < cfg.stepsPerEpoch(); i++) t.trainStep();
            t.recordEpoch(1.0, 0.5, t.evaluate());
            t.save(ckpt);
            // the same state as a checkpoint written before session records existed
            Checkpoint.Contents c = Checkpoint.read(ckpt);
            Checkpoint.write(old, new Checkpoint.Header(c.header().config(), c.header().step(), c.header().trainSeconds(),
                    c.header().history(), c.header().commands()), c.state());
        }
        for (Path from : List.of(ckpt, old)) {
            TrainingProvenance p;
            try (Trainer t = Trainer.resume(from, 1, 0)) {
                t.startSession("./jbang train --out x --resume");
                assertEquals(2, t.commands().size());
                while (!t.finished()) t.trainStep();
                t.recordEpoch(1.0, 0.5, t.evaluate());
                p = t.provenance(List.of("--out", "x", "--resume"), 1);
                Path dir = tmp.resolve("model-" + from.getFileName());
                t.export(dir, p);
                TrainingProvenance back = TrainingProvenance.of(ModelCard.read(dir));
                assertEquals(ModelCard.json().writeValueAsString(p.sessions()), ModelCard.json().writeValueAsString(back.sessions()),
                        "model.json keeps the sessions");
                String readme = Files.readString(dir.resolve("README.md"));
                Map<String, Object> last = p.sessions().get(p.sessions().size() - 1);
                assertEquals(Trainer.SESSION_KEYS, List.copyOf(last.keySet()));
                assertEquals(2L, ((Number) last.get("first_step")).longValue(), "the resumed session starts at the checkpoint's step");
                assertEquals(1, ((Number) last.get("threads")).intValue());
                assertEquals(illusions.run.Provenance.cpuModel(), last.get("cpu"));
                assertTrue(readme.contains("| sessions | "), readme);
                assertTrue(readme.contains("from step 2: " + last.get("cpu") + " " + last.get("cpu_id")), readme);
                if (from == ckpt) {
                    assertEquals(2, p.sessions().size(), "both sessions are recorded");
                    assertEquals(0L, ((Number) p.sessions().get(0).get("first_step")).longValue());
                    assertEquals(2, ((Number) p.sessions().get(0).get("threads")).intValue());
                    assertEquals(0, p.unrecordedSessions());
                    assertFalse(readme.contains("not recorded"), readme);
                } else {
                    assertEquals(1, p.sessions().size(), "the old checkpoint's session was never recorded");
                    assertEquals(1, p.unrecordedSessions());
                    assertTrue(readme.contains("| sessions | 1 earlier session not recorded"), readme);
                }
            }
        }
    }

    @Test
    void anEpochRowHasTheTableColumnsAndTheLastStepsLearningRate() throws Exception {
        TrainConfig cfg = TrainerTest.tiny("standard", 0.05f);
        try (Trainer t = new Trainer(cfg, 2)) {
            Trainer.Evaluation ev = new Trainer.Evaluation(0.5, 0.25, 1.75, 10);
            t.trainStep();
            assertThrows(IllegalStateException.class, () -> t.recordEpoch(2.5, 0.125, ev), "mid-epoch");
            for (int i = 1; i < cfg.stepsPerEpoch(); i++) t.trainStep();
            Map<String, Object> row = t.recordEpoch(2.5, 0.125, ev);
            assertEquals(List.of("epoch", "step", "train_loss", "train_accuracy", "heldout_loss", "clean_accuracy",
                    "robust_accuracy", "lr", "train_seconds"), List.copyOf(row.keySet()));
            assertEquals(1, row.get("epoch"));
            assertEquals(2L, row.get("step"));
            assertEquals(1.75, row.get("heldout_loss"));
            assertEquals(cfg.lr() * t.lrScale(1), row.get("lr"), "a float: the lr of the epoch's last step");
            assertEquals(List.of(row), t.history());
            Path csv = tmp.resolve(EpochTable.FILE);
            EpochTable.write(t.history(), csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("epoch,step,train_loss,train_accuracy,heldout_loss,clean_accuracy,robust_accuracy,lr,train_seconds",
                    lines.get(0));
            assertTrue(lines.get(1).startsWith("1,2,2.5,0.125,1.75,0.5,0.25," + (double) (cfg.lr() * t.lrScale(1)) + ","),
                    lines.get(1));
            try (var s = Files.list(tmp)) {
                assertEquals(List.of(csv), s.toList(), "no temporary file left");
            }
        }
    }
}
