package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --precision through the real gpi script: recorded in config.json and provenance.json, with the device and native build. */
class PrecisionRecordedTest {
    @TempDir
    Path tmp;

    static JsonNode json(Path f) throws Exception {
        return new ObjectMapper().readTree(Files.readString(f));
    }

    @Test
    void gpiRecordsFp32ByDefaultWithItsDeviceAndNativeBuild() throws Exception {
        Path out = tmp.resolve("fp32");
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--model", ScriptHarness.tinyModel().toString(), "--stimulus",
                "kanizsa-square", "--steps", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals("fp32", json(out.resolve("config.json")).get("precision").asText());
        JsonNode prov = json(out.resolve("provenance.json"));
        assertEquals("fp32", prov.get("precision").asText());
        assertEquals(List.of("CPU:0"), List.of(prov.get("devices").get(0).asText()));
        assertEquals(1, prov.get("devices").size());
        assertTrue(prov.get("tensorflow_native").asText().startsWith("linux-x86_64")
                || !System.getProperty("os.name").startsWith("Linux"), prov.toString());
        assertEquals(Precision.cpuBf16Support(), prov.get("cpu_bf16").asText());
        assertEquals("graph variables", prov.get("weights").asText());
    }

    @Test
    void gpiRunsInBf16AndRecordsItAndItsTrajectoryDiffersFromFp32() throws Exception {
        String cpu = Precision.cpuBf16Support();
        Assumptions.assumeTrue(cpu.contains("bf16") || cpu.startsWith("emulated"), "no bf16 path on this CPU: " + cpu);
        String model = ScriptHarness.tinyModel().toString();
        Path a = tmp.resolve("fp32"), b = tmp.resolve("bf16");
        assertEquals(0, ScriptHarness.run("gpi", "--model", model, "--stimulus", "kanizsa-square", "--steps", "3",
                "--threads", "1", "--out", a.toString()).status());
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--model", model, "--stimulus", "kanizsa-square", "--steps", "3",
                "--threads", "1", "--precision", "bf16", "--out", b.toString());
        var check = illusions.model.ModelLoader.precisionCheck(java.nio.file.Path.of(model), 1, Precision.BF16);
        if (!check.agrees()) {
            // this CPU's bf16 kernels are wrong (see PrecisionCheck): the run is refused before anything is written
            assertEquals(2, o.status(), o.err());
            assertTrue(o.err().contains("gives wrong numbers on this CPU") && o.err().contains("use --precision fp32"), o.err());
            assertFalse(Files.exists(b.resolve("config.json")), "a refused run left files behind");
            return;
        }
        assertEquals(0, o.status(), o.err());
        assertEquals("bf16", json(b.resolve("config.json")).get("precision").asText());
        assertEquals("bf16", json(b.resolve("provenance.json")).get("precision").asText());
        assertEquals("graph variables", json(b.resolve("provenance.json")).get("weights").asText());
        // the rewriter changed the arithmetic: the loss column is not the fp32 run's
        assertNotEquals(Files.readAllLines(a.resolve("trajectory.csv")), Files.readAllLines(b.resolve("trajectory.csv")));
    }
}
