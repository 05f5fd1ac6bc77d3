package illusions.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

class BadModelInputTest {
    static final ResNetSpec SPEC = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 3, 32);

    @Test
    void missingDirectoryNamesThePathAndWhatToPass(@TempDir Path tmp) {
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp.resolve("nope"), 1));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("--model"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutSavedModelIsRefused(@TempDir Path tmp) {
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, 1));
        assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
    }

    @Test
    void aSavedModelWithoutModelCardIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        ModelExporter.export(SPEC, StateDict.random(SPEC, 1), ModelCard.of(SPEC, null, null, Map.of()), dir);
        Files.delete(dir.resolve("model.json"));
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, 1));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void extrasAreInTheFolderWhenItAppearsAndAFailingExtraLeavesNoFolder(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        ModelExporter.export(SPEC, StateDict.random(SPEC, 1), ModelCard.of(SPEC, null, null, Map.of()), dir,
                d -> Files.writeString(d.resolve("README.md"), "card"));
        assertEquals("card", Files.readString(dir.resolve("README.md")));
        Path failed = tmp.resolve("f");
        assertThrows(java.io.IOException.class, () -> ModelExporter.export(SPEC, StateDict.random(SPEC, 1),
                ModelCard.of(SPEC, null, null, Map.of()), failed, d -> { throw new java.io.IOException("disk full"); }));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("m"), left.map(p -> p.getFileName().toString()).toList(), "no folder, no temporary left behind");
        }
    }

    @Test
    void exportingOverAnExistingDirectoryIsRefusedAndLeavesItAlone(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertThrows(java.io.IOException.class,
                () -> ModelExporter.export(SPEC, StateDict.random(SPEC, 1), ModelCard.of(SPEC, null, null, Map.of()), dir));
        assertTrue(Files.readString(dir.resolve("keep.txt")).equals("mine"));
    }

    @Test
    void weightsOfTheWrongShapeAreRefusedNamingKeyAndShapes() {
        ResNetSpec other = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 8, 3, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> StateDict.random(other, 1).checkFits(SPEC));
        assertTrue(e.getMessage().contains("conv1.weight") && e.getMessage().contains("[8, 3, 7, 7]"), e.getMessage());
    }

    private static void writeSavedModel(Path dir, NodeDef... nodes) throws Exception {
        Files.createDirectories(dir);
        GraphDef g = GraphDef.newBuilder().addAllNode(List.of(nodes)).build();
        SavedModel sm = SavedModel.newBuilder().addMetaGraphs(MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve")).setGraphDef(g)).build();
        Files.write(dir.resolve("saved_model.pb"), sm.toByteArray());
        ModelCard.of(SPEC, null, null, Map.of()).write(dir);
    }

    @Test
    void aFunctionCallingTf2ExportIsRefusedWithTheReasonAndTheWayOut(@TempDir Path tmp) throws Exception {
        writeSavedModel(tmp, NodeDef.newBuilder().setName("image").setOp("Placeholder").build(),
                NodeDef.newBuilder().setName("call").setOp("StatefulPartitionedCall").addInput("image").build());
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, 1));
        assertTrue(e.getMessage().contains("function") && e.getMessage().contains("gradient")
                && e.getMessage().contains("convert"), e.getMessage());
    }

    @Test
    void aGraphThatCouldTouchFilesOrRunCodeIsRefusedBeforeLoading(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("pwned.txt");
        writeSavedModel(tmp.resolve("m"), NodeDef.newBuilder().setName("image").setOp("Placeholder").build(),
                NodeDef.newBuilder().setName("w").setOp("WriteFile").build(),
                NodeDef.newBuilder().setName("py").setOp("PyFunc").build());
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp.resolve("m"), 1));
        assertTrue(e.getMessage().contains("WriteFile") && e.getMessage().contains("PyFunc"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void aModelWhoseInputIsNotRgbIsRefusedNamingTheChannelCount(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("grey");
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> img = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 32, 32, 1)));
            Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input("image", img);
            for (String n : List.of("stem", "layer1", "layer2", "layer3", "layer4", "features", "logits")) {
                sig.output(n, tf.withName(n).identity(img));
            }
            SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig.build()).export();
        }
        ModelCard.of(SPEC, null, null, Map.of()).write(dir);
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, 1));
        assertTrue(e.getMessage().contains("1 channels") && e.getMessage().contains("RGB"), e.getMessage());
    }

    @Test
    void datasetNormalizationWithoutStatisticsInTheCardIsRefused() {
        try (ClassifierModel m = ClassifierModel.inMemory(SPEC, StateDict.random(SPEC, 1), null, 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(
                    new Batch(1, 32, 32, new float[32 * 32 * 3]), InputNormalization.DATASET, "logits"));
            assertTrue(e.getMessage().contains("--normalization none"), e.getMessage());
        }
    }

    /** An exported SPEC model whose model.json has {@code from} replaced by {@code to}. */
    private static Path doctoredCard(Path tmp, String from, String to) throws Exception {
        Path dir = tmp.resolve("m");
        ModelExporter.export(SPEC, StateDict.random(SPEC, 1), ModelCard.of(SPEC, List.of("a", "b", "c"), null, Map.of()), dir);
        Path card = dir.resolve("model.json");
        String json = Files.readString(card);
        assertTrue(json.contains(from), json);
        Files.writeString(card, json.replace(from, to));
        return dir;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "\"width\" : 4|\"width\" : 8|width 8",
            "\"num_classes\" : 3|\"num_classes\" : 5|model.json",
            "\"blocks\" : [ 1, 1, 1, 1 ]|\"blocks\" : [ 1, 2, 1, 1 ]|blocks [1, 2, 1, 1]",
            "\"block_type\" : \"BASIC\"|\"block_type\" : \"BOTTLENECK\"|bottleneck",
            "\"input_size\" : 32|\"input_size\" : 7|input_size must be at least 32",
            "\"input_size\" : 32|\"input_size\" : 100000|input_size 100000",
            "\"c\" ]|\"c\", \"d\" ]|4 class names",
            "\"width\" : 4|\"width\" : \"four\"|not a valid model card",
            "\"format\"|\"formats\"|format"})
    void aModelCardThatDoesNotDescribeItsGraphIsRefusedNamingModelJson(String from, String to, String expected,
            @TempDir Path tmp) throws Exception {
        Path dir = doctoredCard(tmp, from, to);
        var e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, 1));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anHonestCardLoads(@TempDir Path tmp) throws Exception {
        Path dir = doctoredCard(tmp, "\"width\" : 4", "\"width\" : 4");
        try (ClassifierModel m = ModelLoader.load(dir, 1)) {
            assertTrue(m.inputSize() == 32);
        }
    }
}
