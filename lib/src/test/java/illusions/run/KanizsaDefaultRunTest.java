package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-argument run follows docs/kanizsa-protocol.md, "The default run": black on white, 300 steps;
 * any explicit --steps or --polarities, and --protocol, keep what was asked for.
 */
class KanizsaDefaultRunTest {
    private static JsonNode config(Path out, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("--model", ScriptHarness.tinyModel().toString(), "--seeds", "2",
                "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(args));
        ScriptHarness.Outcome o = ScriptHarness.run("kanizsa", a.toArray(String[]::new));
        assertEquals(0, o.status(), o.err());
        return new ObjectMapper().readTree(out.resolve("config.json").toFile());
    }

    private static int steps(JsonNode c) {
        return c.get("gpi").elements().next().get("steps").asInt();
    }

    @Test
    void withoutStepsOrPolaritiesTheRunIsTheDefaultRun(@TempDir Path tmp) throws Exception {
        JsonNode c = config(tmp.resolve("default"));
        assertEquals(300, steps(c));
        assertEquals(List.of("black-on-white"), names(c.get("polarities")));
    }

    @Test
    void explicitStepsAndPolaritiesAreKept(@TempDir Path tmp) throws Exception {
        JsonNode c = config(tmp.resolve("asked"), "--steps", "2", "--polarities", "black-on-white,white-on-black");
        assertEquals(2, steps(c));
        assertEquals(List.of("black-on-white", "white-on-black"), names(c.get("polarities")));
    }

    @Test
    void oneNoiseSeedIsRefusedBeforeAnyFolderExists(@TempDir Path tmp) throws Exception {
        ScriptHarness.Outcome o = ScriptHarness.run("kanizsa", "--model", ScriptHarness.tinyModel().toString(),
                "--seeds", "1", "--steps", "1", "--out", tmp.resolve("one").toString());
        assertEquals(2, o.status());
        assertTrue(o.lastLine().contains("--seeds must be at least 2"), o.err());
        assertEquals(List.of(), ScriptHarness.names(tmp));
    }

    private static List<String> names(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }
}
