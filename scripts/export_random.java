///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Exports a ResNet with random (torchvision-initialised) weights as a SavedModel of the
 * workbench's contract. A random network has no prior: it is the null model for GPI, and a
 * stand-in for timing and for trying scripts before a trained model is at hand.
 *
 *   ./jbang export-random --depth 50 --out /tmp/resnet50-random
 */

import illusions.model.ModelCard;
import illusions.model.ModelExporter;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.run.Scripts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-random", mixinStandardHelpOptions = true,
        description = "Export a random-weight torchvision-layout ResNet as a SavedModel + model.json.")
class export_random implements Callable<Integer> {
    @Option(names = "--depth", description = "18, 34, 50, 101 or 152 (default: ${DEFAULT-VALUE})") int depth = 50;
    @Option(names = "--width", description = "channels of the first stage (default: ${DEFAULT-VALUE})") int width = 64;
    @Option(names = "--classes", description = "number of classes (default: ${DEFAULT-VALUE})") int classes = 1000;
    @Option(names = "--input-size", description = "input side the model is used at (default: ${DEFAULT-VALUE})") int inputSize = 224;
    @Option(names = "--seed", description = "weight seed (default: ${DEFAULT-VALUE})") long seed = 0;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model directory to create") Path out;

    public static void main(String[] args) {
        Scripts.main(new export_random(), args);
    }

    @Override
    public Integer call() throws Exception {
        ResNetSpec spec = ResNetSpec.resnet(depth, width, classes, inputSize);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "random initialisation (torchvision scheme)");
        provenance.put("seed", seed);
        ModelExporter.export(spec, StateDict.random(spec, seed), ModelCard.of(spec, null, null, provenance), out);
        System.out.println("exported " + spec.name() + " with random weights to " + out.toAbsolutePath());
        return 0;
    }
}
