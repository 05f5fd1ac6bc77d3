package illusions.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch side of `bench --against-pytorch` without PyTorch: the missing-Python messages and the line protocol. */
class PyTorchBaselineTest {
    @TempDir
    Path tmp;

    Path executable(String name, String body) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    @Test
    void aMissingPythonSaysHowToInstallPyTorch() {
        PyTorchBaseline.Probe p = PyTorchBaseline.find(List.of(tmp.resolve("no-such-python").toString()));
        assertFalse(p.available());
        assertTrue(p.problem().contains("no-such-python"), p.problem());
        assertTrue(p.problem().endsWith("`apt-get install python3-torch python3-torchvision`"), p.problem());
        assertFalse(p.problem().contains("\n"), "one line: " + p.problem());
    }

    @Test
    void aPythonWithoutTorchIsReportedWithItsErrorAndTheInstallCommand() throws Exception {
        Path py = executable("python3", "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        PyTorchBaseline.Probe p = PyTorchBaseline.probe(py.toString());
        assertFalse(p.available());
        assertTrue(p.problem().contains("No module named 'torch'"), p.problem());
        assertTrue(p.problem().contains(PyTorchBaseline.INSTALL), p.problem());
    }

    @Test
    void theFirstCandidateThatImportsTorchIsUsed() throws Exception {
        Path bad = executable("bad", "exit 1\n");
        Path good = executable("good", "echo 1.13.1 0.14.1\n");
        PyTorchBaseline.Probe p = PyTorchBaseline.find(List.of(bad.toString(), good.toString()));
        assertTrue(p.available(), String.valueOf(p.problem()));
        assertEquals(good.toString(), p.python());
        assertEquals("torch 1.13.1, torchvision 0.14.1", p.versions());
    }

    @Test
    void theWidthIsPassedOnlyWhenItIsNotTorchvisions() {
        Path script = Path.of("scripts/gpi_step_torch.py");
        List<String> plain = PyTorchBaseline.command("python3", script, 2, 8, 18, 64, 224);
        assertFalse(plain.contains("--width"), plain.toString());
        List<String> narrow = PyTorchBaseline.command("python3", script, 2, 40, 18, 16, 64);
        assertEquals(List.of("--width", "16"), narrow.subList(narrow.size() - 2, narrow.size()));
        assertEquals("40", narrow.get(narrow.indexOf("--batch") + 1));
    }

    @Test
    void roundsReadOneStepLinePerStepAndAnEndedProcessIsAnError() throws Exception {
        // A stand-in for scripts/gpi_step_torch.py speaking its protocol (the script itself needs torch).
        Path fake = executable("fake.sh", """
                echo "ready torch=x threads=$2 batch=$4"
                while read cmd n; do
                  [ "$cmd" = quit ] && exit 0
                  i=0; while [ $i -lt $n ]; do echo "step_ms 12.5"; i=$((i+1)); done
                  echo round_done
                  [ "$n" = 9 ] && exit 3
                done
                """);
        try (PyTorchBaseline b = PyTorchBaseline.start("sh", fake, 2, 8, 50, 64, 224, null)) {
            assertEquals("torch=x threads=2 batch=8", b.versions());
            assertEquals(List.of(12.5, 12.5, 12.5), b.round(3));
            assertEquals(List.of(12.5), b.round(1));
            assertEquals(9, b.round(9).size());
            IOException e = assertThrows(IOException.class, () -> b.round(2));
            assertTrue(e.getMessage().contains("ended"), e.getMessage());
        }
        assertEquals(3.25, PyTorchBaseline.parseStep("step_ms 3.25"));
        assertThrows(IOException.class, () -> PyTorchBaseline.parseStep("Traceback (most recent call last):"));
    }

    @Test
    void theRealScriptIsInTheRepositoryAndSpeaksTheProtocol() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("jbang-catalog.json"))) root = root.getParent();
        String py = Files.readString(root.resolve("scripts/gpi_step_torch.py"));
        for (String s : List.of("print(\"ready ", "step_ms %.3f", "round_done", "set_num_threads(a.threads)",
                "torch.clamp(x - x0, -a.eps, a.eps) + x0")) {
            assertTrue(py.contains(s), "gpi_step_torch.py lacks " + s);
        }
    }

    @Test
    void theJobsSecondsAreReadAndAMissingLineIsAClearError() throws Exception {
        assertEquals(412.5, PyTorchBaseline.parseJob("some warning\njob_seconds 412.500\n"), 1e-9);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> PyTorchBaseline.parseJob("Traceback: out of memory"));
        assertTrue(e.getMessage().contains("job_seconds"), e.getMessage());
    }

    @Test
    void theProfileTableIsTheTextBetweenItsMarkersAndAFailedProfileIsAnError() throws Exception {
        Path fake = executable("profile.sh", """
                echo "a warning first"
                echo profile_begin
                echo "Name  Self CPU"
                echo "aten::mkldnn_convolution  40.0%"
                echo profile_end
                """);
        assertEquals("Name  Self CPU\naten::mkldnn_convolution  40.0%",
                PyTorchBaseline.profile("sh", fake, 2, 1, 50, 64, 224, null, 3));
        Path silent = executable("silent.sh", "echo nothing\n");
        IOException e = assertThrows(IOException.class, () -> PyTorchBaseline.profile("sh", silent, 2, 1, 50, 64, 224, null, 3));
        assertTrue(e.getMessage().contains("no profile table"), e.getMessage());
        Path failing = executable("failing.sh", "exit 4\n");
        e = assertThrows(IOException.class, () -> PyTorchBaseline.profile("sh", failing, 2, 1, 50, 64, 224, null, 3));
        assertTrue(e.getMessage().contains("--profile failed"), e.getMessage());
    }
}
