package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real scripts (scripts/gpi.java, kanizsa.java, convert.java run by
 * {@link Scripts#run}): each case ends with its exit status, one line on stderr naming the problem,
 * and nothing in the output folder that looks like a run (no final folder, no .partial, no .failed).
 */
class ScriptBadInputTest {
    static Path inputs;
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void inputs() throws Exception {
        inputs = Files.createTempDirectory("bad-inputs");
        model = ScriptHarness.tinyModel();
        Path images = Path.of(ScriptBadInputTest.class.getResource("/images/expected.json").toURI()).getParent();
        Files.write(inputs.resolve("empty.png"), new byte[0]);
        Files.write(inputs.resolve("random.png"), new java.util.Random(3).ints(2000, 0, 256).collect(
                java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> {}).toByteArray());
        byte[] png = Files.readAllBytes(images.resolve("rgb8.png"));
        Files.write(inputs.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.copy(images.resolve("huge_30000x30000.png"), inputs.resolve("huge_30000x30000.png"));
        Files.copy(images.resolve("grey8.png"), inputs.resolve("grey8.png"));
        // models: a missing one, a random protobuf, an empty and a dishonest model card
        copyModel("random-pb", () -> Files.write(inputs.resolve("random-pb/saved_model.pb"), new byte[] {1, 2, 3, 4, 5}));
        copyModel("empty-card", () -> Files.write(inputs.resolve("empty-card/model.json"), new byte[0]));
        copyModel("wide-card", () -> {
            Path c = inputs.resolve("wide-card/model.json");
            Files.writeString(c, Files.readString(c).replace("\"width\" : 4", "\"width\" : 32"));
        });
        copyModel("tiny-input-card", () -> {
            Path c = inputs.resolve("tiny-input-card/model.json");
            Files.writeString(c, Files.readString(c).replace("\"input_size\" : 32", "\"input_size\" : 7"));
        });
        Files.writeString(inputs.resolve("a-file"), "not a folder");
    }

    interface IoAction {
        void run() throws Exception;
    }

    static void copyModel(String name, IoAction change) throws Exception {
        Path to = inputs.resolve(name);
        try (Stream<Path> s = Files.walk(model)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        change.run();
    }

    static Arguments bad(int status, String expected, String script, String... args) {
        return Arguments.of(status, expected, script, List.of(args));
    }

    static Stream<Arguments> cases() {
        String m = "MODEL";
        return Stream.of(
                // models
                bad(2, "no model directory", "gpi", "--model", "INPUTS/absent", "--stimulus", "kanizsa-square"),
                bad(2, "saved_model.pb", "gpi", "--model", "INPUTS/random-pb", "--stimulus", "kanizsa-square"),
                bad(2, "model.json", "gpi", "--model", "INPUTS/empty-card", "--stimulus", "kanizsa-square"),
                bad(2, "model.json does not describe the graph", "gpi", "--model", "INPUTS/wide-card", "--stimulus", "kanizsa-square"),
                bad(2, "model.json", "kanizsa", "--model", "INPUTS/tiny-input-card"),
                // images
                bad(2, "no image file", "gpi", "--model", m, "--image", "INPUTS/absent.png"),
                bad(2, "empty", "gpi", "--model", m, "--image", "INPUTS/empty.png"),
                bad(2, "not a PNG or JPEG", "gpi", "--model", m, "--image", "INPUTS/random.png"),
                bad(2, "truncated.png could not be decoded", "gpi", "--model", m, "--image", "INPUTS/truncated.png"),
                bad(2, "30000x30000", "gpi", "--model", m, "--image", "INPUTS/huge_30000x30000.png"),
                // parameters
                bad(2, "--eps must be a finite number", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--eps", "NaN"),
                bad(2, "--eps must be a finite number", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--eps", "-1"),
                bad(2, "--step-size must be a finite number", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--step-size", "Infinity"),
                bad(2, "--noise must be a finite number", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--noise", "-0.1"),
                bad(2, "--steps must be >= 0", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--steps", "-1"),
                bad(2, "unknown --precision 'fp16'; use fp32 or bf16", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--precision", "fp16"),
                bad(2, "unknown --precision 'half'; use fp32 or bf16", "kanizsa", "--model", m, "--precision", "half"),
                bad(2, "Invalid value for option '--steps'", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--steps", "many"),
                bad(2, "--seeds must be at least 1", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--seeds", "0"),
                bad(2, "--seeds 1000000", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--seeds", "1000000"),
                bad(2, "--seeds 1000000", "kanizsa", "--model", m, "--seeds", "1000000"),
                bad(2, "--threads must be at least 1", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--threads", "0"),
                bad(2, "--show iteration 99", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--steps", "5", "--show", "99"),
                // unknown names
                bad(2, "unknown --loss 'nonsense'", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--loss", "nonsense"),
                bad(2, "nope", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--loss", "pgdd", "--layer", "nope"),
                bad(2, "class 99 does not exist", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--loss", "target", "--target-class", "99"),
                bad(2, "nope", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--taps", "nope"),
                bad(2, "no-such-stimulus", "gpi", "--model", m, "--stimulus", "no-such-stimulus"),
                bad(2, "--normalization dataset", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--normalization", "dataset"),
                bad(2, "Unknown option: '--nonsense'", "gpi", "--model", m, "--nonsense"),
                // outputs
                bad(2, "exists already", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--out", "EXISTING"),
                bad(2, "is a file, not a folder", "gpi", "--model", m, "--stimulus", "kanizsa-square", "--out", "INPUTS/a-file/run"),
                // checkpoints
                bad(2, "no such file", "convert", "--checkpoint", "INPUTS/absent.pt", "--out", "OUT"),
                bad(2, "empty file", "convert", "--checkpoint", "INPUTS/empty.png", "--out", "OUT"),
                bad(2, "not a PyTorch checkpoint", "convert", "--checkpoint", "INPUTS/random.png", "--out", "OUT"));
    }

    @ParameterizedTest(name = "[{index}] {2} {3}")
    @MethodSource("cases")
    void badInputEndsWithOneLineAndNoRun(int status, String expected, String script, List<String> args) throws Exception {
        Path runs = tmp.resolve("runs");
        Files.createDirectories(runs.resolve("existing"));
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.replace("INPUTS", inputs.toString()).replace("MODEL", model.toString())
                    .replace("EXISTING", runs.resolve("existing").toString()).replace("OUT", runs.resolve("out").toString()));
        }
        if (!a.contains("--out") && !script.equals("convert")) {
            a.add("--out");
            a.add(runs.resolve("out").toString());
        }
        if (!script.equals("convert")) {
            if (!a.contains("--steps")) a.addAll(List.of("--steps", "2"));
            if (!a.contains("--threads")) a.addAll(List.of("--threads", "1"));
        }
        ScriptHarness.Outcome o = ScriptHarness.run(script, a.toArray(String[]::new));
        assertEquals(status, o.status(), o.err());
        List<String> lines = o.err().lines().filter(s -> !s.isBlank()).toList();
        System.out.println("exit " + o.status() + ": " + o.err().strip());
        assertEquals(1, lines.size(), "one line on stderr: " + o.err());
        assertTrue(lines.get(0).startsWith(script + ": ") && lines.get(0).contains(expected), lines.get(0));
        assertFalse(lines.get(0).matches(".*(Exception|java\\.|\\bnull\\b).*"), lines.get(0));
        assertEquals(List.of("existing"), ScriptHarness.names(runs), "nothing that looks like a run is left");
        assertEquals(List.of(), ScriptHarness.names(runs.resolve("existing")));
    }

    @Test
    void helpListsStacktrace() throws Exception {
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--help");
        assertEquals(0, o.status());
        assertTrue(o.out().contains("--stacktrace"), o.out());
    }

    /** --steps 0 is "evaluate x_0 only": a complete run with iteration 0 and no update. */
    @Test
    void zeroStepsEvaluatesTheStartOnly() throws Exception {
        Path out = tmp.resolve("zero");
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--model", model.toString(), "--stimulus", "kanizsa-square",
                "--steps", "0", "--threads", "1", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        List<String> rows = Files.readAllLines(out.resolve("trajectory.csv"));
        assertEquals(2, rows.size(), String.join("\n", rows)); // header + iteration 0
        assertTrue(o.out().contains("evaluated x_0 only"), o.out());
    }

    /** Grey 128 in a grey PNG reaches the network as 128/255, not 188/255. */
    @Test
    void aGreyImageStartsAtItsOwnValues() throws Exception {
        Path out = tmp.resolve("grey");
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--model", model.toString(), "--image",
                inputs.resolve("grey8.png").toString(), "--steps", "0", "--threads", "1", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        illusions.image.RgbImage start = illusions.image.RgbImage.read(out.resolve("start.png"));
        // grey8.png: top-right quarter 128; resized 16 -> 32 and center-cropped, so (4, 28) is inside it
        assertEquals(128 / 255f, start.get(4, 28, 0), 1e-6);
    }
}
