///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

import illusions.run.Scripts;
import illusions.checkpoint.CheckpointConverter;
import illusions.checkpoint.CheckpointException;
import illusions.checkpoint.LoadedCheckpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converts a PyTorch ResNet checkpoint into the workbench's SavedModel + model.json. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert a PyTorch ResNet checkpoint (robustness library, torchvision, timm; torch zip or",
                "legacy format, or .safetensors) into the workbench's SavedModel with model.json.",
                "Nothing in the checkpoint is executed; no Python is needed."})
public class convert implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "the .pt/.pth/.safetensors file")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model directory to create (must not exist)")
    Path out;

    @Option(names = "--arch", paramLabel = "NAME", description = "expected architecture: resnet18|34|50|101|152 (checked)")
    String arch;

    @Option(names = "--classes", paramLabel = "N", description = "expected number of classes (checked against fc.weight)")
    Integer classes;

    @Option(names = "--class-names", paramLabel = "FILE", description = "class names: one per line, or a JSON array")
    Path classNames;

    @Option(names = "--normalization", paramLabel = "imagenet|none|checkpoint",
            description = "dataset mean/std written to model.json (default: the checkpoint's normalizer if it has one, else imagenet)")
    String normalization;

    @Option(names = "--input-size", paramLabel = "PX", defaultValue = "224", description = "input side recorded in model.json (default ${DEFAULT-VALUE})")
    int inputSize;

    @Override
    public Integer call() {
        CheckpointConverter.Result r = CheckpointConverter.convert(new CheckpointConverter.Request(
                checkpoint, out, arch, classes, classNames, normalization, inputSize));
        LoadedCheckpoint c = r.checkpoint();
        System.out.printf("%s: %s (%s, %s), %d classes -> %s%n", checkpoint.getFileName(), c.spec().name(), c.format(),
                c.layout(), c.spec().numClasses(), r.out());
        System.out.printf("  sha256 %s; normalization %s%s; read %d ms, export %d ms%n", r.sha256(),
                r.card().provenance().get("normalization"),
                r.card().normalization() == null ? "" : " mean " + Arrays.toString(r.card().normalization().mean())
                        + " std " + Arrays.toString(r.card().normalization().std()),
                r.readMillis(), r.exportMillis());
        if (!c.opaqueGlobals().isEmpty()) {
            System.out.println("  ignored (never executed) Python objects: " + c.opaqueGlobals());
        }
        return 0;
    }

    public static void main(String[] args) {
        Scripts.main(new convert(), args);
    }
}
