package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ModelCard;
import illusions.model.ModelLoader;
import illusions.model.TensorValue;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof of equality: each fixture converted to a SavedModel and loaded back computes what
 * PyTorch computed (logits and layer1 within 1e-4 of their scale, input-gradient cosine >= 0.9999),
 * both on raw [0,1] input and through the checkpoint's normalizer.
 */
class ConversionEqualityTest {
    static final double TOL = 1e-4;
    static final double MIN_COSINE = 0.9999;

    @TempDir
    Path tmp;

    static Stream<Fixtures.Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void convertedModelComputesWhatPyTorchComputed(Fixtures.Fixture f) throws Exception {
        Fixtures.Reference ref = Fixtures.reference(f.model());
        TensorValue input = ref.array("input");
        int size = (int) input.shape()[1];
        Path out = tmp.resolve("model");
        CheckpointConverter.Result r = CheckpointConverter.convert(new CheckpointConverter.Request(
                f.path(), out, null, 10, null, null, size));
        assertEquals(CheckpointConverter.sha256(f.path()), r.card().provenance().get("source_sha256"));
        double tol = TOL;
        double minCos = MIN_COSINE;
        Batch x = new Batch((int) input.shape()[0], size, size, input.data());
        try (ClassifierModel m = ModelLoader.load(out, 1)) {
            ModelCard card = m.card();
            assertEquals(f.file(), card.provenance().get("source_file"));
            assertEquals(f.format(), card.provenance().get("source_format"));
            assertArrayEquals(ModelCard.Normalization.IMAGENET.mean(), card.normalization().mean(), 1e-7f);
            Map<String, TensorValue> out1 = m.forward(x, InputNormalization.NONE, "logits", "layer1");
            close(f + " logits", ref.array("logits"), out1.get("logits"), tol);
            close(f + " layer1", ref.array("layer1"), out1.get("layer1"), tol);
            cosine(f + " grad", ref.array("grad"), m.crossEntropyInputGradient(x, ref.labels(), InputNormalization.NONE), minCos);
            // through the normalizer (the checkpoint's for robustness files, ImageNet's otherwise: the same values)
            Map<String, TensorValue> out2 = m.forward(x, InputNormalization.DATASET, "logits");
            close(f + " logits_normalized", ref.array("logits_normalized"), out2.get("logits"), tol);
            cosine(f + " grad_normalized", ref.array("grad_normalized"),
                    m.crossEntropyInputGradient(x, ref.labels(), InputNormalization.DATASET), minCos);
        }
    }

    /** max |a - b| <= tol * max |a|. */
    static void close(String what, TensorValue want, TensorValue got, double tol) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double scale = 0;
        double err = 0;
        for (int i = 0; i < want.data().length; i++) {
            scale = Math.max(scale, Math.abs(want.data()[i]));
            err = Math.max(err, Math.abs(want.data()[i] - got.data()[i]));
        }
        assertTrue(scale > 0, what + " is all zeros");
        assertTrue(err <= tol * scale, what + ": max error " + err + " at scale " + scale);
    }

    static void cosine(String what, TensorValue want, TensorValue got, double min) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < want.data().length; i++) {
            ab += (double) want.data()[i] * got.data()[i];
            aa += (double) want.data()[i] * want.data()[i];
            bb += (double) got.data()[i] * got.data()[i];
        }
        double c = ab / Math.sqrt(aa * bb);
        assertTrue(c >= min, what + ": cosine " + c);
    }
}
