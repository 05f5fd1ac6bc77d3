package illusions.gpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.ModelExporter;
import illusions.model.ModelLoader;
import illusions.model.ModelCard;
import illusions.model.Precision;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights frozen into graph constants ({@code -Dillusions.frozenWeights=true}) compute the same bits
 * as the variables they replace, for a model built in memory and one loaded from disk.
 */
class FrozenWeightsTest {
    static final ResNetSpec SPEC = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 16, 20, PrecisionTest.SIZE);

    static <T> T with(String frozen, Supplier<T> body) {
        String before = System.getProperty("illusions.frozenWeights");
        System.setProperty("illusions.frozenWeights", frozen);
        try {
            return body.get();
        } finally {
            if (before == null) System.clearProperty("illusions.frozenWeights");
            else System.setProperty("illusions.frozenWeights", before);
        }
    }

    static float[] gpi(ClassifierModel m) {
        try (m) {
            GpiResult r = new Gpi(m, PrecisionTest.config(3)).run(List.of(new Sample("a", PrecisionTest.image(2), 7)), null);
            return r.finalImages().get(0).data();
        }
    }

    static boolean hasVariables(ClassifierModel m) {
        java.util.Iterator<org.tensorflow.GraphOperation> it = m.graph().operations();
        while (it.hasNext()) if (it.next().type().startsWith("Variable")) return true;
        return false;
    }

    @Test
    void aFrozenInMemoryModelTakesTheSameStepsBitForBitAndHasNoVariables() {
        StateDict w = StateDict.random(SPEC, 5);
        try (ClassifierModel frozen = with("true", () -> ClassifierModel.inMemory(SPEC, w, null, 1, Precision.FP32));
             ClassifierModel plain = with("false", () -> ClassifierModel.inMemory(SPEC, w, null, 1, Precision.FP32))) {
            assertTrue(hasVariables(plain));
            assertTrue(!hasVariables(frozen), "the frozen graph still holds variables");
        }
        float[] a = gpi(with("true", () -> ClassifierModel.inMemory(SPEC, w, null, 1, Precision.FP32)));
        float[] b = gpi(with("false", () -> ClassifierModel.inMemory(SPEC, w, null, 1, Precision.FP32)));
        assertArrayEquals(b, a, 0f);
    }

    @Test
    void aFrozenLoadedModelTakesTheSameStepsBitForBit(@TempDir Path dir) throws Exception {
        ModelExporter.export(SPEC, StateDict.random(SPEC, 9), ModelCard.of(SPEC, null, null, Map.of("source", "test")), dir.resolve("m"));
        Supplier<ClassifierModel> load = () -> {
            try {
                return ModelLoader.load(dir.resolve("m"), 1, Precision.FP32);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        float[] a = gpi(with("true", load)), b = gpi(with("false", load));
        assertEquals(b.length, a.length);
        assertArrayEquals(b, a, 0f);
        try (ClassifierModel m = with("true", load)) {
            assertTrue(!hasVariables(m), "the frozen graph still holds variables");
        }
        try (ClassifierModel m = with("", load)) {
            assertTrue(hasVariables(m), "variables unless asked");
        }
    }
}
