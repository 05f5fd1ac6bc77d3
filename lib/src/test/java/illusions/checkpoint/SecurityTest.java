package illusions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading never executes anything the pickle names: hand-crafted hostile pickles. */
class SecurityTest {
    static final Path MARKER = Path.of("/tmp/illusions-checkpoint-fixture-was-executed");

    @TempDir
    Path tmp;

    @AfterEach
    void nothingRan() {
        assertFalse(Files.exists(MARKER), "a pickle's command was executed");
        assertFalse(Files.exists(tmp.resolve("pwned")), "a pickle's command was executed");
    }

    private String cmd() {
        return "touch " + tmp.resolve("pwned");
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) o.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof byte[] b) o.writeBytes(b);
            else if (p instanceof Integer i) o.write(i);
        }
        return o.toByteArray();
    }

    /** BINUNICODE: 'X', 4-byte little-endian length, UTF-8. */
    static byte[] unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return bytes("X", new byte[] {(byte) b.length, (byte) (b.length >> 8), (byte) (b.length >> 16), (byte) (b.length >> 24)}, b);
    }

    static Object unpickle(byte[] pickle) throws Exception {
        TorchUnpickler u = new TorchUnpickler(pid -> {
            throw new CheckpointException("no storages here");
        }, pickle.length);
        return u.loadOne(new TorchUnpickler.CountingInputStream(new ByteArrayInputStream(pickle)));
    }

    @Test
    void osSystemViaGlobalAndReduceIsInert() throws Exception {
        // PROTO 2; GLOBAL 'os system'; 'touch ...'; TUPLE1; REDUCE; STOP
        Object o = unpickle(bytes(0x80, 2, "cos\nsystem\n", unicode(cmd()), 0x85, "R."));
        TorchUnpickler.OpaqueValue v = assertInstanceOf(TorchUnpickler.OpaqueValue.class, o);
        assertEquals("os.system", v.global());
    }

    @Test
    void builtinsEvalViaStackGlobalIsInert() throws Exception {
        // protocol 4: STACK_GLOBAL from two strings, then REDUCE
        Object o = unpickle(bytes(0x80, 4, unicode("builtins"), unicode("eval"), 0x93,
                unicode("__import__('os').system('" + cmd() + "')"), 0x85, "R."));
        assertEquals("builtins.eval", assertInstanceOf(TorchUnpickler.OpaqueValue.class, o).global());
    }

    @Test
    void instAndObjAndBuildAreInert() throws Exception {
        // protocol 0 INST: MARK, args, 'i' module\nname\n
        Object a = unpickle(bytes("(S'" + cmd() + "'\nios\nsystem\n."));
        assertEquals("os.system", assertInstanceOf(TorchUnpickler.OpaqueValue.class, a).global());
        // OBJ: MARK, class, args, 'o'; then BUILD with a state dict
        Object b = unpickle(bytes("(csubprocess\nPopen\n", unicode(cmd()), "o}", unicode("x"), "K\u0001sb."));
        assertEquals("subprocess.Popen", assertInstanceOf(TorchUnpickler.OpaqueValue.class, b).global());
        // razorvine's own registry (copy_reg._reconstructor, operator.attrgetter ...) is not consulted
        Object c = unpickle(bytes("coperator\nattrgetter\n", unicode("x"), 0x85, "R."));
        assertInstanceOf(TorchUnpickler.OpaqueValue.class, c);
    }

    @Test
    void callingTheResultOfAnUnknownGlobalIsInertToo() throws Exception {
        // dill's pattern: _load_type('bytes') then call the result; here with os.popen instead
        Object o = unpickle(bytes(0x80, 2, "cdill._dill\n_load_type\n", unicode("os"), 0x85, "R",
                unicode(cmd()), 0x85, "R."));
        TorchUnpickler.OpaqueValue v = assertInstanceOf(TorchUnpickler.OpaqueValue.class, o);
        assertEquals("dill._dill._load_type(...)", v.global());
    }

    @Test
    void reduceOnSomethingThatIsNotAGlobalIsRefused() {
        // a string "called" with a tuple: not a constructor
        var e = assertThrows(CheckpointException.class, () -> unpickle(bytes(0x80, 2, unicode("os.system"), unicode(cmd()), 0x85, "R.")));
        assertTrue(e.getMessage().contains("not a readable pickle"), e.getMessage());
    }

    @Test
    void forgedHugeLengthFailsCleanly() {
        var e = assertThrows(CheckpointException.class,
                () -> unpickle(bytes(0x80, 2, "X", new byte[] {-1, -1, -1, 0x7f}, "abc.")));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> unpickle(bytes(0x80, 4, 0x8e,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0x10}, "abc.")));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    /** A legacy torch file whose object pickle is {@code payload}. */
    static byte[] legacyFile(byte[] payload) {
        return bytes(TorchLegacyReader.PREFIX, ".", 0x80, 2, "M", 0xe9, 0x03, ".", 0x80, 2, "}.", payload, 0x80, 2, "].");
    }

    @Test
    void legacyCheckpointThatIsOnlyACommandIsRefusedWithoutRunning() throws Exception {
        Path f = tmp.resolve("evil.pt");
        Files.write(f, legacyFile(bytes(0x80, 2, "cos\nsystem\n", unicode(cmd()), 0x85, "R.")));
        var e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        assertEquals("evil.pt: the checkpoint holds a pickled object of os.system, not a dict of tensors", e.getMessage());
    }

    @Test
    void zipCheckpointWithEvalAsModelIsRefusedWithoutRunning() throws Exception {
        Path f = tmp.resolve("evil_zip.pt");
        byte[] pkl = bytes(0x80, 2, "}", unicode("model"), "cbuiltins\neval\n",
                unicode("__import__('os').system('" + cmd() + "')"), 0x85, "Rs.");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("evil_zip/data.pkl"));
            z.write(pkl);
            z.closeEntry();
        }
        var e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        assertTrue(e.getMessage().startsWith("evil_zip.pt: entry 'model' holds a pickled object of builtins.eval"),
                e.getMessage());
    }

    @Test
    void persistentIdWithAForeignStorageTypeIsRefused() throws Exception {
        // ('storage', os.system, '0', 'cpu', 4) as a persistent id
        Path f = tmp.resolve("evil_pid.pt");
        byte[] pkl = bytes(0x80, 2, "(", unicode("storage"), "cos\nsystem\n", unicode("0"), unicode("cpu"), "K\u0004tQ.");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("evil_pid/data.pkl"));
            z.write(pkl);
            z.closeEntry();
        }
        var e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        assertTrue(e.getMessage().startsWith("evil_pid.pt: ") && e.getMessage().contains("persistent id"), e.getMessage());
    }

    @Test
    void realCheckpointsCarryingCommandsConvertWithTheCommandsIgnored() {
        Map<String, String> expected = Map.of("malicious_os_system_zip_basic.pt", "posix.system",
                "malicious_eval_legacy_bottleneck.pt", ".eval"); // protocol 2 writes __builtin__.eval
        for (var e : expected.entrySet()) {
            LoadedCheckpoint c = CheckpointReader.read(Fixtures.file(e.getKey()));
            assertTrue(c.opaqueGlobals().stream().anyMatch(g -> g.endsWith(e.getValue())), c.opaqueGlobals().toString());
            assertEquals(10, c.spec().numClasses());
        }
    }
}
