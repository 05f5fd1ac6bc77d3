package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutation fuzzing of every fixture format (see {@link CheckpointFuzzer}): each mutant is
 * refused with the project's own one-line message, within 10 s and a memory budget, or accepted
 * with the original's tensors; only same-length changes inside unchecksummed weight bytes may
 * change them. The longer run is {@code ./jbang fuzz-checkpoints} (docs/convert.md).
 */
class CheckpointFuzzTest {
    static final int MUTANTS = 300;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"robustness_legacy_basic.pt", "torchvision_zip_basic.pt", "robustness_basic.safetensors",
            "torchvision_legacy_strided_basic.pt", "robustness_zip_bottleneck.pt"})
    void everyMutantIsRefusedCleanlyOrReadsTheSameTensors(String fixture) throws Exception {
        CheckpointFuzzer.Counts c = new CheckpointFuzzer(tmp, Duration.ofSeconds(10))
                .fuzz(Fixtures.file(fixture), MUTANTS, 12);
        System.out.println(fixture + ": " + c + "; refusals " + c.refusalKinds);
        assertEquals(MUTANTS, c.mutants);
        assertTrue(c.problems.isEmpty(), c.problems.size() + " problems, first: " + String.join("\n", c.problems.subList(0, Math.min(20, c.problems.size()))));
        assertTrue(c.refused > MUTANTS / 3, "most mutants are refused: " + c);
    }
}
