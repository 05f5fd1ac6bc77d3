package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU kind recorded beside every run: two VMs both named "AMD EPYC" must still read apart. */
class CpuKindTest {
    static final String GENOA = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 17
            model name\t: AMD EPYC
            stepping\t: 1
            flags\t\t: fpu sse2 fma sse4_2 avx avx2 avx512f avx512_bf16 avx512_vnni
            processor\t: 1
            cpu family\t: 99
            model\t\t: 99
            flags\t\t: fpu
            """;
    static final String MILAN = """
            processor\t: 0
            cpu family\t: 25
            model\t\t: 1
            model name\t: AMD EPYC
            stepping\t: 1
            flags\t\t: fpu sse2 avx2 fma avx
            """;

    @Test
    void familyModelAndSteppingOfTheFirstProcessor() {
        assertEquals("family 25 model 17 stepping 1", Provenance.cpuId(GENOA));
        assertEquals("family 25 model 1 stepping 1", Provenance.cpuId(MILAN));
        assertNull(Provenance.cpuId(""), "no cpuinfo (not Linux): no id rather than a made-up one");
        assertEquals("AMD EPYC", Provenance.cpuModel(GENOA));
        assertEquals(System.getProperty("os.arch"), Provenance.cpuModel(""), "no cpuinfo: the architecture");
    }

    @Test
    void vectorExtensionsTellTheKindsApart() {
        assertEquals(List.of("avx", "avx2", "avx512_bf16", "avx512_vnni", "avx512f", "fma"), Provenance.cpuSimd(GENOA));
        assertEquals(List.of("avx", "avx2", "fma"), Provenance.cpuSimd(MILAN));
        assertEquals(List.of(), Provenance.cpuSimd(""));
    }

    @Test
    void recordedInEveryRunsProvenanceAndComparedByReplay() {
        var m = Provenance.collect(java.nio.file.Path.of("."), "m", "hash", 1, 1, List.of("x"));
        assertTrue(m.containsKey("cpu_id") && m.containsKey("cpu_simd"), m.keySet().toString());
        assertTrue(Replay.VERSION_FIELDS.containsAll(List.of("cpu_id", "cpu_simd")));
    }
}
