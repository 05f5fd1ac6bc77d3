///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

// train: trains a small torchvision-layout ResNet on the synthetic shape world, with standard or
// L2-PGD adversarial (Madry et al.) training, and exports it in the workbench's SavedModel contract.
//
//   bash docs/campaigns/occlusion.sh      (the shipped occlusion models; the commands are in it)
//   ./jbang train --world occlusion --input-size 64 --mode standard --epochs 3 --out results/train/base --export results/train/base/model
//   ./jbang train --out results/train/robust --resume          # continue from the latest checkpoint
//
// What it writes under --out (the training run): checkpoints/step-NNNNNNNNN.ckpt (the last two are
// kept, illusions.train.CheckpointFolder; weights, BN statistics, momentum, step; the step fixes the
// data order), training.csv (one row per epoch: loss, clean and robust held-out accuracy, time;
// illusions.train.EpochTable), world-examples.png. At the end the model goes to --export (default
// <out>/model): SavedModel + model.json (class names and the trainer's TrainingProvenance: exact
// command, seed, time, accuracies) + README.md (the model card) + training.csv.

import illusions.image.ContactSheet;
import illusions.image.RgbImage;
import illusions.run.GracefulStop;
import illusions.run.Provenance;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.train.CheckpointFolder;
import illusions.train.EpochTable;
import illusions.train.Trainer;
import illusions.train.TrainConfig;
import illusions.train.TrainingProvenance;
import illusions.world.World;
import illusions.world.WorldParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a small ResNet on the synthetic shape world (standard or L2-PGD adversarial) and exports it.")
public class train implements Callable<Integer> {
    // ---- knobs ----------------------------------------------------------------------------------
    @Option(names = "--mode", defaultValue = "adversarial", description = "standard or adversarial (default ${DEFAULT-VALUE})")
    String mode;
    @Option(names = "--eps", defaultValue = "1.0", description = "L2 radius of the PGD ball in [0,1] pixel units (default ${DEFAULT-VALUE})")
    float eps;
    @Option(names = "--pgd-steps", defaultValue = "3", description = "PGD steps (default ${DEFAULT-VALUE})")
    int pgdSteps;
    @Option(names = "--pgd-step-size", description = "PGD step size (default 2.5 * eps / steps, as Madry et al.)")
    Float pgdStepSize;
    @Option(names = "--random-start", description = "start training attacks at a random point of the ball")
    boolean randomStart;

    @Option(names = "--world", defaultValue = "shapes", completionCandidates = WorldNames.class,
            description = "training world: ${COMPLETION-CANDIDATES} (docs/worlds.md; default ${DEFAULT-VALUE})")
    String worldName;

    /** The registered worlds, for --help. */
    static class WorldNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return illusions.world.Worlds.names().iterator();
        }
    }

    @Option(names = "--occlusion", description = "world: probability that background-coloured occluders cut into the shape (default: ${DEFAULT-VALUE})")
    double occlusion = WorldParams.defaults(96).occlusion();

    @Option(names = "--max-occluders", description = "world: at most this many occluders per image (default: ${DEFAULT-VALUE})")
    int maxOccluders = WorldParams.defaults(96).maxOccluders();

    @Option(names = "--outline-fraction", description = "world: probability that a shape is drawn as an outline (default: ${DEFAULT-VALUE})")
    double outlineFraction = WorldParams.defaults(96).outlineFraction();

    @Option(names = "--eps-warmup-epochs", description = "grow the training attacks' eps linearly from 0 over this many epochs (default: ${DEFAULT-VALUE})")
    float epsWarmupEpochs = 0f;
    @Option(names = "--epochs", description = "epochs (default 10; with --resume, the checkpoint's unless given: a larger value extends the run)")
    Integer epochs;
    @Option(names = "--train-size", defaultValue = "10000", description = "training images per epoch (default ${DEFAULT-VALUE})")
    int trainSize;
    @Option(names = "--eval-size", defaultValue = "500", description = "held-out images for clean/robust accuracy (default ${DEFAULT-VALUE})")
    int evalSize;
    @Option(names = "--batch-size", defaultValue = "64", description = "images per step (default ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (momentum) or adam (default ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.05", description = "SGD learning rate (default ${DEFAULT-VALUE})")
    float lr;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default ${DEFAULT-VALUE})")
    float momentum;
    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "weight decay (default ${DEFAULT-VALUE})")
    float weightDecay;
    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine or constant learning rate (default ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--depth-blocks", defaultValue = "2,2,2,2", split = ",", description = "blocks per stage (default ${DEFAULT-VALUE}: ResNet-18 layout)")
    List<Integer> blocks;
    @Option(names = "--width", defaultValue = "16", description = "stem/first-stage channels (default ${DEFAULT-VALUE}; torchvision: 64)")
    int width;
    @Option(names = "--input-size", defaultValue = "96", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int inputSize;
    @Option(names = "--seed", defaultValue = "0", description = "seed of weights, data order, random starts (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--world-seed", defaultValue = "2024", description = "seed of the shape world (default ${DEFAULT-VALUE})")
    long worldSeed;
    @Option(names = "--threads", description = "TensorFlow intra-op threads (default 2; with --resume, the count the run last ran with,"
            + " so that it continues bit for bit)")
    Integer threads;
    @Option(names = "--out", description = "training run folder (default results/train/shapes-<mode>)")
    Path out;
    @Option(names = "--export", description = "model folder written at the end (default <out>/model); must not exist")
    Path export;
    @Option(names = "--checkpoint-every", defaultValue = "200", description = "checkpoint every N steps, besides every epoch end (default ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--resume", arity = "0..1", fallbackValue = "latest",
            description = "continue from a checkpoint file, or (no value) the latest one under <out>/checkpoints")
    String resume;
    @Option(names = "--init-from", paramLabel = "CKPT",
            description = "start from every variable of this checkpoint of the same network and optimizer (e.g. adversarial fine-tuning of a standard run)")
    Path initFrom;
    @Option(names = "--max-steps", description = "stop after this many steps in this session (checkpointed; for timing and tests)")
    Long maxSteps;

    final List<String> args = new ArrayList<>();

    int threadsOrDefault() { return threads == null ? Trainer.DEFAULT_THREADS : threads; }

    /** The default world at this size with the occlusion and outline knobs applied. */
    WorldParams world(int size) {
        WorldParams d = WorldParams.defaults(size);
        return new WorldParams(size, d.minScale(), d.maxScale(), outlineFraction, occlusion, maxOccluders, d.clutter(),
                d.minContrast(), d.pixelNoise(), d.tint());
    }

    public static void main(String[] argv) {
        train cmd = new train();
        cmd.args.addAll(List.of(argv));
        Scripts.main(cmd, argv);
    }

    private AutoCloseable runLock;

    @Override
    public Integer call() throws Exception {
        if (out == null) out = Workbench.root().resolve("results/train/shapes-" + ("adversarial".equals(mode) ? "robust" : "standard"));
        CheckpointFolder checkpoints = CheckpointFolder.of(out);
        if (export == null) export = out.resolve("model");
        if (Files.exists(export)) throw new java.nio.file.FileAlreadyExistsException(export
                + " exists already: choose another --export folder or remove it");
        boolean newFolder = !Files.exists(out);
        runLock = CheckpointFolder.lock(out); // held until the JVM ends

        Trainer trainer;
        long started = System.nanoTime();
        try {
            if (resume != null) {
                Path from = "latest".equals(resume) ? checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                        "--resume: no checkpoint under " + checkpoints.dir() + " (give a file or the right --out)")) : Path.of(resume);
                trainer = Trainer.resume(from, threads == null ? OptionalInt.empty() : OptionalInt.of(threads),
                        epochs == null ? 0 : epochs);
                if (trainer.threadsBefore().isPresent() && trainer.threadsBefore().getAsInt() != trainer.threads()) {
                    System.err.printf("note: the run last ran with %d threads and goes on with %d (--threads): float sums add up"
                            + " in another order, so it will not match an uninterrupted run bit for bit%n",
                            trainer.threadsBefore().getAsInt(), trainer.threads());
                }
                trainer.startSession(commandLine());
                System.err.printf("resuming %s at step %d of %d from %s%n", trainer.config().mode(), trainer.step(),
                        trainer.config().totalSteps(), from);
            } else {
                if (checkpoints.latest().isPresent()) {
                    throw new IllegalArgumentException(out + " holds checkpoints of an earlier run: add --resume to continue it,"
                            + " or choose another --out");
                }
                float step = pgdStepSize != null ? pgdStepSize : TrainConfig.defaultStepSize(eps, pgdSteps);
                TrainConfig cfg = new TrainConfig(mode, blocks, width, inputSize, seed, worldSeed, trainSize, evalSize,
                        batchSize, epochs == null ? 10 : epochs, lr, momentum, weightDecay, schedule, eps, pgdSteps, step, randomStart,
                        epsWarmupEpochs, "shapes".equals(worldName) ? world(inputSize) : null, worldName, null, optimizer,
                        initFrom == null ? null : initFrom + " sha256:" + Provenance.sha256(initFrom));
                trainer = initFrom == null ? new Trainer(cfg, threadsOrDefault()) : Trainer.warmStart(initFrom, cfg, threadsOrDefault());
                Files.createDirectories(out);
                trainer.startSession(commandLine());
                writeExamples(trainer.world(), out.resolve("world-examples.png"));
            }
        } catch (Exception refused) {
            // a run refused before its first step leaves no folder of its own in the way of the next one
            if (newFolder) CheckpointFolder.abandon(out, runLock);
            throw refused;
        }
        try (trainer) {
            TrainConfig cfg = trainer.config();
            System.err.printf("%s training of %s on %d " + cfg.world() + "-world images (%d classes, %d px), %d epochs of %d steps%s%n",
                    cfg.mode(), cfg.spec().name(), cfg.trainSize(), cfg.spec().numClasses(), cfg.inputSize(), cfg.epochs(),
                    cfg.stepsPerEpoch(), cfg.adversarial() ? String.format(" (PGD L2 eps %.3g, %d steps of %.3g)",
                            cfg.eps(), cfg.pgdSteps(), cfg.pgdStepSize()) : "");
            double secondsBefore = trainer.trainSeconds();
            long stepBefore = trainer.step();
            long stopAt = maxSteps == null ? cfg.totalSteps() : Math.min(cfg.totalSteps(), trainer.step() + maxSteps);
            double lossSum = 0;
            int correct = 0, seen = 0, steps = 0;
            // Ctrl-C or SIGTERM: the step in progress ends, its checkpoint is saved, then the JVM exits.
            try (GracefulStop stop = GracefulStop.install("train", Duration.ofSeconds(60));
                    ProgressBar bar = illusions.run.Progress.builder(cfg.mode(), cfg.totalSteps(), 500).build()) {
                bar.stepTo(trainer.step());
                while (trainer.step() < stopAt) {
                    if (stop.requested()) {
                        Path saved = checkpoints.save(trainer);
                        System.err.printf("%ntrain: stopped at step %d of %d; saved %s; continue with --resume%n", trainer.step(),
                                cfg.totalSteps(), saved);
                        stop.saved();
                        return 130; // the JVM is already ending: its exit status is the signal's (143 for SIGTERM)
                    }
                    Trainer.StepResult r = trainer.trainStep();
                    lossSum += r.loss();
                    correct += r.correct();
                    seen += r.n();
                    steps++;
                    bar.stepTo(trainer.step());
                    bar.setExtraMessage(String.format("epoch %d loss %.3f acc %.2f", r.epoch() + 1, lossSum / steps,
                            (double) correct / seen));
                    boolean epochEnd = trainer.step() % cfg.stepsPerEpoch() == 0;
                    if (epochEnd) {
                        Trainer.Evaluation ev = trainer.evaluate();
                        trainer.recordEpoch(lossSum / steps, (double) correct / seen, ev);
                        EpochTable.write(trainer.history(), out.resolve(EpochTable.FILE));
                        bar.setExtraMessage(String.format("epoch %d loss %.3f clean %.3f robust %.3f", r.epoch() + 1,
                                lossSum / steps, ev.cleanAccuracy(), ev.robustAccuracy()));
                        lossSum = 0;
                        correct = seen = steps = 0;
                    }
                    if (epochEnd || trainer.step() % checkpointEvery == 0 || trainer.step() == stopAt) {
                        checkpoints.save(trainer);
                    }
                }
            }
            double sessionSeconds = trainer.trainSeconds() - secondsBefore;
            long sessionSteps = trainer.step() - stepBefore;
            if (sessionSteps > 0) {
                System.err.printf("this session: %d steps in %.1f s of training steps: %.1f images/s (%s, batch %d, %d threads)%n",
                        sessionSteps, sessionSeconds, sessionSteps * cfg.batchSize() / sessionSeconds, cfg.mode(),
                        cfg.batchSize(), trainer.threads());
            }
            if (!trainer.finished()) {
                System.err.printf("stopped at step %d of %d (--max-steps); continue with --resume%n", trainer.step(),
                        cfg.totalSteps());
                return 0;
            }
            TrainingProvenance provenance = trainer.provenance(args, (System.nanoTime() - started) / 1e9);
            trainer.export(export, provenance);
            System.err.printf("exported %s: clean accuracy %.3f, robust accuracy %.3f (%d held-out images), %.0f s of training%n",
                    export, provenance.cleanAccuracy(), provenance.robustAccuracy(), cfg.evalSize(), trainer.trainSeconds());
        }
        return 0;
    }

    String commandLine() {
        return "./jbang train " + String.join(" ", args);
    }

    static void writeExamples(World world, Path file) throws Exception {
        ContactSheet sheet = new ContactSheet(world.size(), world.classNames());
        for (int row = 0; row < 3; row++) {
            List<RgbImage> tiles = new ArrayList<>();
            for (int c = 0; c < world.numClasses(); c++) tiles.add(world.sample(row * world.numClasses() + c).image());
            sheet.addRow("train " + (row * world.numClasses()) + "+", tiles);
        }
        sheet.write(file);
    }
}
