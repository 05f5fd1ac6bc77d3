package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.BlockType;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input: a one-line message naming the file, the key and the shape. */
class BadInputTest {
    static final ResNetSpec SPEC = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 10, 32);

    @TempDir
    Path tmp;

    static CheckpointException fails(Path f) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.getFileName() + ": "), m);
        assertFalse(m.contains("\n"), m);
        return e;
    }

    private Path truncated(String fixture, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(Fixtures.file(fixture));
        Path f = tmp.resolve("cut-" + fixture);
        Files.write(f, Arrays.copyOf(b, (int) (b.length * fraction)));
        return f;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.02, 0.3, 0.7, 0.999})
    void truncatedLegacy(double fraction) throws IOException {
        String m = fails(truncated("robustness_legacy_dill_bottleneck.pt", fraction)).getMessage();
        assertTrue(m.contains("truncated"), m);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.02, 0.5, 0.999})
    void truncatedZip(double fraction) throws IOException {
        String m = fails(truncated("robustness_zip_bottleneck.pt", fraction)).getMessage();
        assertTrue(m.contains("truncated"), m);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.5, 0.999})
    void truncatedSafetensors(double fraction) throws IOException {
        String m = fails(truncated("bottleneck.safetensors", fraction)).getMessage();
        assertTrue(m.contains("truncated") || m.contains("not a PyTorch checkpoint"), m);
    }

    @Test
    void notACheckpoint() throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a model\n");
        assertTrue(fails(text).getMessage().contains("not a PyTorch checkpoint"));
        Path png = tmp.resolve("image.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertTrue(fails(png).getMessage().contains("89 50 4e 47"));
        Path empty = tmp.resolve("empty.pt");
        Files.write(empty, new byte[0]);
        assertTrue(fails(empty).getMessage().contains("empty file"));
        Path zip = tmp.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("x".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(fails(zip).getMessage().contains("without a data.pkl"));
        Path pickle = tmp.resolve("plain.pkl");
        Files.write(pickle, new byte[] {(byte) 0x80, 2, '}', '.'});
        assertTrue(fails(pickle).getMessage().contains("not a torch.save file"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(tmp.resolve("absent.pt")));
        assertEquals("absent.pt: no such file", e.getMessage());
    }

    private Path safetensors(String name, Map<String, TensorValue> m) throws IOException {
        Path f = tmp.resolve(name);
        Fixtures.writeSafetensors(f, m);
        return f;
    }

    private static Map<String, TensorValue> weights() {
        return new LinkedHashMap<>(StateDict.random(SPEC, 1).tensors());
    }

    @Test
    void randomWeightsRoundTripThroughSafetensors() throws IOException {
        LoadedCheckpoint c = CheckpointReader.read(safetensors("ok.safetensors", weights()));
        assertEquals(new ResNetSpec(SPEC.blocks(), SPEC.blockType(), SPEC.width(), SPEC.numClasses(), 224), c.spec());
    }

    @Test
    void missingFc() throws IOException {
        Map<String, TensorValue> m = weights();
        m.remove("fc.weight");
        m.remove("fc.bias");
        String msg = fails(safetensors("headless.safetensors", m)).getMessage();
        assertEquals("headless.safetensors: missing key 'fc.weight' (expected shape [classes, features]): "
                + "a ResNet without its classifier cannot be converted", msg);
    }

    @Test
    void missingFcBias() throws IOException {
        Map<String, TensorValue> m = weights();
        m.remove("fc.bias");
        String msg = fails(safetensors("nobias.safetensors", m)).getMessage();
        assertTrue(msg.contains("missing key 'fc.bias'") && msg.contains("[10]"), msg);
    }

    @Test
    void shapeThatDoesNotFit() throws IOException {
        Map<String, TensorValue> m = weights();
        m.put("layer2.0.conv1.weight", new TensorValue(new long[] {8, 4, 5, 5}, new float[8 * 4 * 25]));
        String msg = fails(safetensors("badshape.safetensors", m)).getMessage();
        assertTrue(msg.contains("'layer2.0.conv1.weight' has shape [8, 4, 5, 5]") && msg.contains("needs [8, 4, 3, 3]"), msg);
    }

    @Test
    void unknownArchitectures() throws IOException {
        Map<String, TensorValue> se = weights();
        se.put("layer1.0.se.fc1.weight", new TensorValue(new long[] {2, 4, 1, 1}, new float[8]));
        String msg = fails(safetensors("seresnet.safetensors", se)).getMessage();
        assertTrue(msg.contains("unknown architecture") && msg.contains("'layer1.0.se.fc1.weight' with shape [2, 4, 1, 1]"), msg);

        Map<String, TensorValue> deep = weights();
        deep.put("conv1.0.weight", deep.remove("conv1.weight"));
        msg = fails(safetensors("resnet50d.safetensors", deep)).getMessage();
        assertTrue(msg.contains("no key 'conv1.weight'") && msg.contains("deep-stem"), msg);

        Map<String, TensorValue> cifar = weights();
        cifar.put("conv1.weight", new TensorValue(new long[] {4, 3, 3, 3}, new float[108]));
        msg = fails(safetensors("cifar.safetensors", cifar)).getMessage();
        assertTrue(msg.contains("'conv1.weight' has shape [4, 3, 3, 3]"), msg);

        Map<String, TensorValue> vit = new LinkedHashMap<>();
        vit.put("patch_embed.proj.weight", new TensorValue(new long[] {2, 3, 2, 2}, new float[24]));
        msg = fails(safetensors("vit.safetensors", vit)).getMessage();
        assertTrue(msg.contains("unknown architecture") && msg.contains("patch_embed.proj.weight"), msg);

        Map<String, TensorValue> nostage = weights();
        nostage.keySet().removeIf(k -> k.startsWith("layer4."));
        msg = fails(safetensors("nostage.safetensors", nostage)).getMessage();
        assertTrue(msg.contains("layer4"), msg);
    }

    @Test
    void missingInnerKeyNamesKeyAndShape() throws IOException {
        Map<String, TensorValue> m = weights();
        m.remove("layer3.0.bn1.running_var");
        String msg = fails(safetensors("norv.safetensors", m)).getMessage();
        assertTrue(msg.contains("missing key 'layer3.0.bn1.running_var' (expected shape [16]"), msg);
    }

    @Test
    void nonFiniteWeightsAreRefused() throws IOException {
        Map<String, TensorValue> m = weights();
        float[] d = m.get("fc.bias").data().clone();
        d[3] = Float.NaN;
        m.put("fc.bias", new TensorValue(new long[] {10}, d));
        String msg = fails(safetensors("nan.safetensors", m)).getMessage();
        assertTrue(msg.contains("'fc.bias'") && msg.contains("NaN"), msg);
    }

    @Test
    void failedConversionLeavesNothingThatLooksLikeAModel() throws IOException {
        Path out = tmp.resolve("models").resolve("broken");
        Path bad = truncated("robustness_zip_basic.pt", 0.5);
        assertThrows(CheckpointException.class,
                () -> CheckpointConverter.convert(new CheckpointConverter.Request(bad, out)));
        assertFalse(Files.exists(out));
        if (Files.exists(out.getParent())) {
            try (var s = Files.list(out.getParent())) {
                assertEquals(0, s.count());
            }
        }
        // wrong class-name count: refused before anything is written
        Path names = tmp.resolve("names.txt");
        Files.writeString(names, "a\nb\nc\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointConverter.convert(
                new CheckpointConverter.Request(Fixtures.file("robustness_zip_basic.pt"), out, null, null, names, null, 224)));
        assertTrue(e.getMessage().contains("3 class names") && e.getMessage().contains("[10, 24]"), e.getMessage());
        assertFalse(Files.exists(out));
        e = assertThrows(CheckpointException.class, () -> CheckpointConverter.convert(
                new CheckpointConverter.Request(Fixtures.file("torchvision_zip_basic.pt"), out, null, null, null, "checkpoint", 224)));
        assertTrue(e.getMessage().contains("has no normalizer"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
