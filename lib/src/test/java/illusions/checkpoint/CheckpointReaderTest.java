package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.BlockType;
import illusions.model.ResNetSpec;
import illusions.model.TensorValue;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture reads to the right spec, and its tensors equal the ones PyTorch saved. */
class CheckpointReaderTest {

    static Stream<Fixtures.Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @Test
    void fixturesCoverEveryFormatAndLayout() {
        List<Fixtures.Fixture> all = Fixtures.all();
        assertTrue(all.size() >= 10);
        for (String f : List.of("torch-zip", "torch-legacy", "safetensors")) {
            assertTrue(all.stream().anyMatch(x -> x.format().equals(f)), f);
        }
        for (String l : List.of("robustness", "state_dict", "wrapped:model", "wrapped:state_dict")) {
            assertTrue(all.stream().anyMatch(x -> x.layout().equals(l)), l);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsSpecAndFormat(Fixtures.Fixture f) throws Exception {
        LoadedCheckpoint c = CheckpointReader.read(f.path());
        ResNetSpec s = c.spec();
        assertEquals(List.of(1, 1, 1, 1), s.blocks());
        assertEquals(f.model().equals("basic") ? BlockType.BASIC : BlockType.BOTTLENECK, s.blockType());
        assertEquals(3, s.width());
        assertEquals(10, s.numClasses());
        assertEquals(f.format(), c.format());
        assertEquals(f.format(), CheckpointReader.detectFormat(f.path()));
        assertEquals(s.parameterShapes().keySet(), c.weights().tensors().keySet());
        c.weights().checkFits(s);
        if (f.layout().equals("robustness")) {
            assertTrue(c.layout().contains("robustness"), c.layout());
            assertTrue(c.normalizer().isPresent());
            Fixtures.Reference ref = Fixtures.reference(f.model());
            assertArrayEquals(ref.normalizer("mean"), c.normalizer().get().mean(), 1e-7f);
            assertArrayEquals(ref.normalizer("std"), c.normalizer().get().std(), 1e-7f);
            assertTrue(c.ignoredKeys().stream().anyMatch(k -> k.startsWith("module.attacker.model.")), "attacker dropped");
        } else {
            assertTrue(c.normalizer().isEmpty());
            assertFalse(c.layout().contains("robustness"));
        }
        if (f.layout().startsWith("wrapped:")) assertEquals(f.layout(), c.layout());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void tensorsEqualPyTorch(Fixtures.Fixture f) {
        LoadedCheckpoint c = CheckpointReader.read(f.path());
        Fixtures.Reference ref = Fixtures.reference(f.model());
        for (String key : ref.tensorKeys()) {
            TensorValue want = ref.tensor(key);
            TensorValue got = c.weights().get(key);
            assertArrayEquals(want.shape(), got.shape(), key);
            // exact: float64 and float16 fixtures' references hold the same values (float16 ones rounded)
            assertArrayEquals(want.data(), got.data(), 0f, key);
        }
    }

    @Test
    void robustnessCheckpointIgnoresOptimizerScheduleAndArgs() {
        LoadedCheckpoint c = CheckpointReader.read(Fixtures.file("robustness_legacy_dill_bottleneck.pt"));
        assertTrue(c.opaqueGlobals().contains("argparse.Namespace"), c.opaqueGlobals().toString());
        // dill stores a lambda and a local class by value: read as inert values, never built
        assertTrue(c.opaqueGlobals().contains("dill._dill._create_function"), c.opaqueGlobals().toString());
        assertTrue(c.opaqueGlobals().contains("dill._dill._create_type"), c.opaqueGlobals().toString());
        assertEquals("robustness", c.layout());
        assertTrue(c.ignoredKeys().contains("module.normalizer.new_mean"));
        assertTrue(c.ignoredKeys().contains("module.model.bn1.num_batches_tracked"));
    }

    @Test
    void archAndClassesChecks() {
        var opts = new CheckpointReader.Options(null, 10, 32);
        assertEquals(32, CheckpointReader.read(Fixtures.file("torchvision_zip_basic.pt"), opts).spec().inputSize());
        var e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class, () -> CheckpointReader.read(
                Fixtures.file("torchvision_zip_basic.pt"), new CheckpointReader.Options("resnet50", null, 224)));
        assertTrue(e.getMessage().startsWith("torchvision_zip_basic.pt: --arch resnet50"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class, () -> CheckpointReader.read(
                Fixtures.file("torchvision_zip_basic.pt"), new CheckpointReader.Options(null, 1000, 224)));
        assertTrue(e.getMessage().contains("'fc.weight'") && e.getMessage().contains("[10, 24]"), e.getMessage());
    }
}
