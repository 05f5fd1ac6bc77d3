package illusions.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * Writes a ResNet with its weights as a SavedModel of the workbench's contract (signature
 * {@code serving_default}: input {@code image}, outputs {@code logits}, {@code stem},
 * {@code layer1}..{@code layer4}, {@code features}) plus {@code model.json}. The directory
 * appears only when complete: everything is written under a temporary name and renamed.
 */
public final class ModelExporter {
    private ModelExporter() {}

    /** Files written beside the SavedModel before the directory appears (a card, a training table). */
    @FunctionalInterface
    public interface Extras {
        void writeInto(Path dir) throws IOException;
    }

    public static void export(ResNetSpec spec, StateDict weights, ModelCard card, Path dir) throws IOException {
        export(spec, weights, card, dir, d -> {});
    }

    /** As {@link #export(ResNetSpec, StateDict, ModelCard, Path)}, with {@code extras} written into the folder before it is renamed into place. */
    public static void export(ResNetSpec spec, StateDict weights, ModelCard card, Path dir, Extras extras) throws IOException {
        weights.checkFits(spec);
        if (!card.spec().equals(spec)) {
            throw new IllegalArgumentException("model card describes " + card.spec() + " but the weights are for " + spec);
        }
        Path target = dir.toAbsolutePath();
        if (Files.exists(target)) {
            throw new IOException(target + " exists already: choose another output directory or remove it");
        }
        Files.createDirectories(target.getParent());
        // created with the umask's permissions (Files.createTempDirectory would make the model folder 0700)
        Path tmp = Files.createDirectory(target.resolveSibling("." + target.getFileName() + ".partial-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)));
        boolean done = false;
        try (Graph g = new Graph()) {
            ResNetGraph net = ResNetGraph.build(g, spec);
            try (Session s = new Session(g, ClassifierModel.sessionConfig(1))) {
                net.assign(s, weights);
                Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input(ResNetGraph.INPUT, net.image());
                net.outputs().forEach(sig::output);
                Path savedModel = tmp.resolve("savedmodel");
                SavedModelBundle.exporter(savedModel.toString()).withSession(s).withSignature(sig.build()).export();
                // Flatten: the SavedModel files sit directly in the model directory, beside model.json.
                try (Stream<Path> files = Files.list(savedModel)) {
                    for (Path f : (Iterable<Path>) files::iterator) Files.move(f, tmp.resolve(f.getFileName()));
                }
                Files.delete(savedModel);
            }
            card.write(tmp);
            extras.writeInto(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) deleteTree(tmp);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        }
    }
}
