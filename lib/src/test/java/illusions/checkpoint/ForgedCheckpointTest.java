package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named defects of issue 12: shifted and appended-to weights, forged lengths (checked against the
 * file before anything is allocated, proven in a 64 MB JVM), flipped weight bytes, and refusals
 * that say what is wrong with the file, never a raw Java text.
 */
class ForgedCheckpointTest {
    @TempDir
    Path tmp;

    private String refusal(String name) throws Exception {
        Path f = Forged.write(tmp, name, Forged.all().get(name));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f), name);
        String m = e.getMessage();
        assertTrue(m.startsWith(name + ": "), m);
        assertFalse(m.contains("\n") || CheckpointFuzzer.RAW.matcher(m).find(), m);
        return m;
    }

    @Test
    void safetensorsWhoseTensorsDoNotTileTheDataRegionAreRefused() throws Exception {
        assertTrue(refusal("shifted_by_4.safetensors").contains("do not tile the data region"));
        String m = refusal("trailing_bytes.safetensors");
        assertTrue(m.contains("16 bytes follow the last tensor"), m);
        assertTrue(refusal("header_length.safetensors").contains("header of 94371840 bytes"));
    }

    @Test
    void legacyStorageCountsAreCheckedAgainstTheFileAndThePickle() throws Exception {
        String m = refusal("storage_count_2e40_legacy.pt");
        assertTrue(m.contains("claims 1099511627776 elements") && m.contains("bytes of the file follow"), m);
        m = refusal("storage_count_negative_legacy.pt");
        assertTrue(m.contains("claims") && !m.contains("needs -"), m);
        m = refusal("storage_count_plus_one_legacy.pt");
        assertTrue(m.contains("but the pickle says"), m);
        m = refusal("trailing_bytes_legacy.pt");
        assertTrue(m.contains("4 unexpected bytes after the last storage"), m);
        m = refusal("long4_2gb_legacy.pt");
        assertTrue(m.contains("a length of 2147483647 bytes"), m);
    }

    @Test
    void zipSizesAndChecksumsAreChecked() throws Exception {
        String m = refusal("pickle_size_2gb_zip.pt");
        assertTrue(m.contains("more than a file of") || m.contains("damaged"), m);
        m = refusal("storage_size_zip.pt");
        assertTrue(m.contains("1500000000"), m);
        m = refusal("flipped_weight_zip.pt");
        assertTrue(m.contains("CRC-32"), m);
    }

    @Test
    void emptyRandomAndTruncatedFilesAreRefused() throws Exception {
        assertTrue(refusal("empty.pt").contains("empty file"));
        assertTrue(refusal("random.pt").contains("not a PyTorch checkpoint"));
        assertTrue(refusal("half_legacy.pt").contains("truncated"));
    }

    /** What the docs say: a torch legacy file has no checksum, so a flipped weight byte reads as a different weight. */
    @Test
    void aFlippedWeightByteInALegacyFileCannotBeDetected() throws Exception {
        Path orig = Fixtures.file("robustness_legacy_basic.pt");
        byte[] b = Files.readAllBytes(orig);
        long first = CheckpointReaderAccess.firstStorageData(orig);
        b[(int) first + 2] ^= 0x01;
        Path f = Forged.write(tmp, "flipped_weight_legacy.pt", b);
        String diff = CheckpointFuzzer.difference(CheckpointReader.read(orig), CheckpointReader.read(f));
        assertNotEquals(null, diff);
    }

    /** Every forged file, and 100 fuzzed mutants of each format, in a JVM with a 64 MB heap: no OutOfMemoryError. */
    @Test
    void forgedLengthsNeverReachTheHeap() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), SmallHeapMain.class.getName()));
        Map<String, byte[]> all = Forged.all();
        for (Map.Entry<String, byte[]> e : all.entrySet()) cmd.add(Forged.write(tmp, e.getKey(), e.getValue()).toString());
        for (String fx : List.of("robustness_legacy_basic.pt", "torchvision_zip_basic.pt", "robustness_basic.safetensors")) {
            cmd.add("--fuzz=" + Fixtures.file(fx) + ":100");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("heap 64 MB") || out.contains("heap 6"), out);
        for (String name : all.keySet()) {
            assertTrue(Arrays.stream(out.split("\n")).anyMatch(l -> l.startsWith(name + ": ") && !l.contains("RAW")), out);
        }
        assertFalse(out.contains("PROBLEM"), out);
    }
}
