package illusions.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import illusions.model.ModelCard;
import java.util.List;
import java.util.Map;

/**
 * Where a trained model came from, as the trainer knows it ({@link Trainer#provenance}): the
 * {@code provenance} of its {@code model.json}, and the facts of its README card
 * ({@link #markdown}). Read back from a card with {@link #of(ModelCard)}.
 *
 * @param source                 what made the model
 * @param trainingCommand        the command line that started the run
 * @param resumedWith            the command lines that resumed it, in order; null if it ran in one go
 * @param seed                   the config's seed (weights, data order, random starts)
 * @param worldSeed              the world's seed (which images exist)
 * @param trainingConfig         everything that determines the run
 * @param world                  the training world's name
 * @param worldParams            the world's parameters, as its record's fields
 * @param trainSeconds           seconds spent in training steps over all sessions
 * @param wallSecondsLastSession wall-clock seconds of the session that exported the model
 * @param heldoutImages          held-out images behind the accuracies
 * @param cleanAccuracy          held-out clean accuracy after the last epoch
 * @param robustAccuracy         held-out accuracy under {@code robustAttack} after the last epoch
 * @param robustAttack           the evaluation attack, in words
 * @param input                  what the network's input is
 * @param sessions               the run's work sessions ({@link Trainer#startSession}): command, first
 *                               step, commit, threads, TensorFlow, CPU kind; null if none was recorded
 * @param environment            code version, software and machine of the exporting session
 *                               ({@link illusions.run.Provenance#collect})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProvenance(
        @JsonProperty("source") String source,
        @JsonProperty("training_command") String trainingCommand,
        @JsonProperty("resumed_with") List<String> resumedWith,
        @JsonProperty("seed") long seed,
        @JsonProperty("world_seed") long worldSeed,
        @JsonProperty("training_config") TrainConfig trainingConfig,
        @JsonProperty("world") String world,
        @JsonProperty("world_params") Map<String, Object> worldParams,
        @JsonProperty("train_seconds") long trainSeconds,
        @JsonProperty("wall_seconds_last_session") long wallSecondsLastSession,
        @JsonProperty("heldout_images") int heldoutImages,
        @JsonProperty("clean_accuracy") double cleanAccuracy,
        @JsonProperty("robust_accuracy") double robustAccuracy,
        @JsonProperty("robust_attack") String robustAttack,
        @JsonProperty("input") String input,
        @JsonProperty("sessions") List<Map<String, Object>> sessions,
        @JsonProperty("environment") Map<String, Object> environment) {

    /** This provenance as model.json holds it (keys in this record's order). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return ModelCard.json().convertValue(this, java.util.LinkedHashMap.class);
    }

    /** The training provenance of a model card written by the trainer. */
    public static TrainingProvenance of(ModelCard card) {
        if (card.provenance() == null || !card.provenance().containsKey("training_config")) {
            throw new IllegalArgumentException("the model card has no training provenance (not trained by the workbench)");
        }
        return ModelCard.json().convertValue(card.provenance(), TrainingProvenance.class);
    }

    /** The model card's README: a table of the facts above, titled {@code "# <modelName>: ..."}. */
    public String markdown(String modelName) {
        TrainConfig cfg = trainingConfig;
        boolean adam = "adam".equals(cfg.optimizer());
        StringBuilder s = new StringBuilder();
        s.append("# ").append(modelName).append(": ").append(cfg.spec().name()).append(", ")
                .append(cfg.adversarial() ? "L2-PGD adversarially trained" : "standard training")
                .append(" on the synthetic ").append(cfg.world()).append(" world\n\n");
        s.append("Trained by `scripts/train.java`; weights in the workbench SavedModel contract (`model.json` has the same facts as this card).\n\n");
        s.append("| | |\n|---|---|\n");
        s.append("| training command | `").append(trainingCommand).append("` |\n");
        s.append("| architecture | ").append(cfg.spec().name()).append(" (blocks ").append(cfg.blocks())
                .append(", BasicBlock, width ").append(cfg.width()).append("), input ").append(cfg.inputSize())
                .append(" px, raw [0,1] RGB, no normalization |\n");
        s.append("| world | ").append(cfg.world()).append(": ").append(worldParams).append(" |\n");
        s.append("| classes | ").append(String.join(", ", cfg.classNames())).append(" |\n");
        s.append("| training | ").append(cfg.mode()).append(", ").append(cfg.epochs()).append(" epochs of ")
                .append(cfg.trainSize()).append(" images, batch ").append(cfg.batchSize())
                .append(adam ? ", Adam lr " : ", SGD lr ").append(cfg.lr()).append(" (").append(cfg.schedule()).append(")")
                .append(adam ? "" : ", momentum " + cfg.momentum())
                .append(", weight decay ").append(cfg.weightDecay()).append(" |\n");
        if (cfg.adversarial()) {
            s.append("| attack in training | L2 PGD, eps ").append(cfg.eps()).append(", ").append(cfg.pgdSteps())
                    .append(" steps of ").append(cfg.pgdStepSize()).append(cfg.randomStart() ? ", random start" : ", no random start")
                    .append(cfg.epsWarmupEpochs() > 0 ? ", eps ramped up from 0 over " + cfg.epsWarmupEpochs() + " epochs" : "")
                    .append(", train-mode BN |\n");
        }
        if (cfg.initFrom() != null) s.append("| warm-started from | `").append(cfg.initFrom()).append("` |\n");
        if (resumedWith != null) s.append("| resumed with | `").append(String.join("`, `", resumedWith)).append("` |\n");
        if (sessions != null || unrecordedSessions() > 0) s.append("| sessions | ").append(sessionsText()).append(" |\n");
        s.append("| seed / world seed | ").append(seed).append(" / ").append(worldSeed).append(" |\n");
        s.append("| time taken | ").append(trainSeconds).append(" s of training steps (").append(environment.get("threads"))
                .append(" threads) |\n");
        s.append("| held-out clean accuracy | ").append(String.format("%.3f", cleanAccuracy))
                .append(" (").append(heldoutImages).append(" images) |\n");
        s.append("| held-out robust accuracy | ").append(String.format("%.3f", robustAccuracy))
                .append(" (").append(robustAttack).append(") |\n\n");
        s.append("Per-epoch table: `").append(EpochTable.FILE).append("`.\n");
        return s.toString();
    }

    /** Sessions run before session records existed (the run's first ones): its commands less its records. */
    public int unrecordedSessions() {
        return 1 + (resumedWith == null ? 0 : resumedWith.size()) - (sessions == null ? 0 : sessions.size());
    }

    /** One line: which steps ran on which code and CPU kind. */
    String sessionsText() {
        int unrecordedSessions = unrecordedSessions();
        List<String> parts = new java.util.ArrayList<>();
        if (unrecordedSessions > 0) {
            parts.add(unrecordedSessions + " earlier session" + (unrecordedSessions > 1 ? "s" : "") + " not recorded (before session records existed)");
        }
        if (sessions != null) {
            for (Map<String, Object> x : sessions) {
                Object commit = x.get("workbench_commit");
                String c = commit == null ? "unknown commit" : commit.toString().substring(0, Math.min(7, commit.toString().length()));
                parts.add("from step " + x.get("first_step") + ": " + x.get("cpu") + " " + x.get("cpu_id") + " " + x.get("cpu_simd")
                        + ", " + x.get("threads") + " threads, TF " + x.get("tensorflow_version") + ", commit " + c
                        + (Boolean.TRUE.equals(x.get("workbench_dirty")) ? " (dirty)" : "") + ", " + x.get("created"));
            }
        }
        return String.join("; ", parts);
    }
}
