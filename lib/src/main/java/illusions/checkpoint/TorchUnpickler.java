package illusions.checkpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * The unpickler of torch checkpoints, on top of razorvine's pickle machine.
 *
 * <p>SECURITY. A pickle is a program; Python's unpickler imports and calls whatever globals it
 * names. This one never executes anything from the file. Razorvine itself is not Python: it maps
 * globals to Java {@link IObjectConstructor}s from a static registry and, for any global it does
 * not know, returns an inert {@code ClassDict} (a HashMap), so by default nothing is instantiated
 * by reflection except its own data classes (datetime, decimal, set, ...). We go further and do
 * not use its shared static registry at all: the opcodes that resolve globals (GLOBAL,
 * STACK_GLOBAL, INST) and BUILD are handled here, and a global resolves only to
 * <ul>
 *   <li>the tensor rebuild functions {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_tensor},
 *       {@code _rebuild_parameter}, {@code _rebuild_parameter_with_state},
 *       {@code torch._tensor._rebuild_from_type_v2} (implemented in Java below);</li>
 *   <li>the storage classes {@code torch.FloatStorage} etc. (markers read by persistent_load);</li>
 *   <li>{@code collections.OrderedDict} (a LinkedHashMap), {@code torch.Size} (a tuple),
 *       {@code torch.device} (a string);</li>
 *   <li>ANY other global (os.system, builtins.eval, dill's helpers, argparse.Namespace, optimizer
 *       and scheduler classes, ...): an {@link Opaque} constructor whose "call" only records its
 *       name and returns an inert {@link OpaqueValue}. No Java or Python code runs for it. The names
 *       are collected in {@link #opaqueGlobals()} so callers can report them.</li>
 * </ul>
 * Length-prefixed strings and bytes are checked against the bytes left in the pickle before
 * razorvine allocates them, so a forged length fails cleanly instead of exhausting memory.
 */
final class TorchUnpickler extends Unpickler {

    /** A global the file names that we do not implement: calling it records the call, nothing else. */
    record Opaque(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new OpaqueValue(name, args == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(args)));
        }
    }

    /**
     * The inert result of calling an unknown global (e.g. an argparse Namespace). Pickles may call
     * such results in turn (dill: {@code _load_type('bytes')()}); that too only yields another
     * inert value.
     */
    record OpaqueValue(String global, List<Object> args) implements IObjectConstructor {
        @Override
        public Object construct(Object[] a) {
            return new OpaqueValue(global + "(...)", a == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(a)));
        }

        @Override
        public String toString() {
            return "<" + global + ">";
        }
    }

    /** A torch storage class (torch.FloatStorage, ...): only ever read by persistent_load. */
    record StorageType(String name, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new OpaqueValue("torch." + name, List.of());
        }
    }

    private final Function<Object[], Object> persistentLoad;
    private final Set<String> opaqueGlobals = new TreeSet<>();
    private long limit;

    /**
     * @param persistentLoad maps a persistent id tuple to the object it stands for (a StorageRef)
     * @param limit          the number of bytes the pickle can possibly have (file or entry size)
     */
    TorchUnpickler(Function<Object[], Object> persistentLoad, long limit) {
        this.persistentLoad = persistentLoad;
        this.limit = limit;
    }

    /** Sets the number of bytes the pickle can possibly have. */
    void limit(long bytes) {
        this.limit = bytes;
    }

    /** Names of the unknown globals the pickle referenced (read as opaque values). */
    Set<String> opaqueGlobals() {
        return opaqueGlobals;
    }

    /** Loads one pickle from {@code in}, reading exactly up to its STOP opcode. */
    Object loadOne(CountingInputStream in) throws IOException {
        try {
            return load(in);
        } catch (CheckpointException e) {
            throw e;
        } catch (PickleException e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count() + ": " + clean(e.getMessage()), e);
        } catch (NumberFormatException e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count() + ": a damaged number", e);
        } catch (ClassCastException | ArrayStoreException e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count()
                    + ": an opcode found the wrong kind of value on the stack", e);
        } catch (IndexOutOfBoundsException | java.util.NoSuchElementException | java.util.EmptyStackException e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count()
                    + ": an opcode needs values the stack does not have", e);
        } catch (ArithmeticException | NegativeArraySizeException | IllegalArgumentException | NullPointerException
                 | UnsupportedOperationException | IllegalStateException e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count() + ": damaged pickle data", e);
        } catch (StackOverflowError e) {
            throw new CheckpointException("not a readable pickle at byte " + in.count() + ": nested too deeply", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("premature end") || m.contains("expected more bytes") || e instanceof java.io.EOFException) {
                throw new CheckpointException("truncated: the pickle data ends early (at byte " + in.count() + ")", e);
            }
            throw e;
        }
    }

    /** Razorvine's message, stripped of Java-isms. */
    private static String clean(String m) {
        if (m == null || m.isBlank()) return "damaged pickle data";
        m = m.lines().findFirst().orElse(m);
        if (m.matches(".*(Exception|Error|java\\.|\\bnull\\b).*")) return "damaged pickle data";
        return m;
    }

    /** A short, Python-flavoured description of a value from the pickle, for messages. */
    static String show(Object o) {
        String s;
        if (o == null) s = "None";
        else if (o instanceof String str) s = "'" + str.replaceAll("[^\\x20-\\x7e]", "?") + "'";
        else if (o instanceof Number || o instanceof Boolean) s = String.valueOf(o);
        else if (o instanceof Object[] a) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < a.length && b.length() < 80; i++) b.append(i > 0 ? ", " : "").append(show(a[i]));
            s = b.append(")").toString();
        } else if (o instanceof List<?>) s = "a list";
        else if (o instanceof Map<?, ?>) s = "a dict";
        else if (o instanceof OpaqueValue v) s = "<" + v.global() + ">";
        else if (o instanceof StorageType t) s = "torch." + t.name();
        else if (o instanceof TensorRef t) s = "a tensor " + t.shapeString();
        else if (o instanceof StorageRef) s = "a storage";
        else s = "a value of another kind";
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t)) {
            throw new CheckpointException("unexpected persistent id " + show(pid));
        }
        return persistentLoad.apply(t);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case 'c' -> { // GLOBAL module\nname\n
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case 'i' -> { // INST module\nname\n: class instance from the args since the mark
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(resolve(module, name).construct(args.toArray()));
                return NO_RETURN_VALUE;
            }
            case 'b' -> { // BUILD: set state. Only ever recorded for opaque objects, never executed.
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof OpaqueValue v && v.args() instanceof ArrayList<Object> a) a.add(state);
                return NO_RETURN_VALUE;
            }
            case 'X', 'T', 'B', 0x8b -> { // 4-byte length prefixed string / bytes / LONG4
                checkLength(4);
                return super.dispatch(key);
            }
            case 0x8d, 0x8e, 0x96 -> { // 8-byte length prefixed
                checkLength(8);
                return super.dispatch(key);
            }
            case 0x97, 0x98 -> throw new PickleException("out-of-band buffers are not used by torch checkpoints");
            default -> {
                return super.dispatch(key);
            }
        }
    }

    /** Peeks a little-endian length and refuses it if it exceeds what the pickle can hold. */
    private void checkLength(int width) throws IOException {
        CountingInputStream in = (CountingInputStream) input;
        in.mark(width);
        byte[] b = PickleUtils.readbytes(in, width);
        in.reset();
        long len = 0;
        for (int i = width - 1; i >= 0; i--) len = (len << 8) | (b[i] & 0xff);
        if (len < 0 || len > limit - in.count()) {
            throw new CheckpointException("truncated or damaged: a length of " + Long.toUnsignedString(len)
                    + " bytes at byte " + in.count() + " runs past the end of the pickle data");
        }
    }

    private IObjectConstructor resolve(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
                return TorchUnpickler::rebuildTensor;
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
                return args -> args[0];
            case "torch._tensor._rebuild_from_type_v2": // (func, type, args, state): a tensor subclass
                return args -> {
                    if (args.length >= 3 && args[0] instanceof IObjectConstructor f && !(f instanceof Opaque) && !(f instanceof OpaqueValue)
                            && args[2] instanceof Object[] inner) {
                        return f.construct(inner);
                    }
                    return new Opaque(full).construct(args);
                };
            case "collections.OrderedDict":
                return args -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    if (args.length == 1 && args[0] instanceof List<?> items) {
                        for (Object item : items) {
                            if (item instanceof Object[] kv && kv.length == 2) m.put(kv[0], kv[1]);
                        }
                    }
                    return m;
                };
            case "torch.Size":
                return args -> args.length == 1 ? args[0] : args;
            case "torch.device":
                return args -> args.length > 0 ? String.valueOf(args[0]) : "cpu";
            default:
                break;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            DType d = DType.ofTorchStorage(name);
            if (d != null) return new StorageType(name, d);
        }
        opaqueGlobals.add(full);
        return new Opaque(full);
    }

    /** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks, ...). */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new CheckpointException("_rebuild_tensor with unexpected arguments " + show(args));
        }
        return new TensorRef(storage, toLong(args[1]), longs(args[2]), longs(args[3]));
    }

    static long toLong(Object o) {
        if (o instanceof Integer i) return i;
        if (o instanceof Long l) return l;
        if (o instanceof BigInteger b) {
            if (b.bitLength() < 64) return b.longValue();
            throw new CheckpointException("an integer of " + b.bitLength() + " bits where a size is expected: a damaged file");
        }
        throw new CheckpointException("expected an integer, got " + show(o));
    }

    static long[] longs(Object o) {
        if (o instanceof Object[] a) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) r[i] = toLong(a[i]);
            return r;
        }
        if (o instanceof List<?> l) return longs(l.toArray());
        throw new CheckpointException("a tensor's shape or strides should be a tuple of integers, not " + show(o));
    }

    /** An input stream that counts what it has delivered and supports mark/reset over a buffer. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;
        private long markCount;

        CountingInputStream(InputStream in) {
            super(in.markSupported() ? in : new java.io.BufferedInputStream(in, 1 << 16));
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public synchronized void mark(int readlimit) {
            super.mark(readlimit);
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = markCount;
        }
    }
}
