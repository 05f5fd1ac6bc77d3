package illusions.checkpoint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.save's legacy (non-zip) format, as written before torch 1.6 or with
 * {@code _use_new_zipfile_serialization=False}: five pickles in a row (magic number, protocol
 * version 1001, sys_info, the object whose persistent ids
 * {@code ('storage', StorageType, root_key, location, numel, view_metadata)} name storages, the
 * list of storage keys), then for each listed key an 8-byte little-endian element count followed
 * by the raw elements.
 */
final class TorchLegacyReader {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** PROTO 2, LONG1 of 10 bytes, the magic number little-endian: how every legacy file begins. */
    static final byte[] PREFIX = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a,
            0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private TorchLegacyReader() {}

    static RawCheckpoint read(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            TorchUnpickler.CountingInputStream in = new TorchUnpickler.CountingInputStream(
                    new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            Object magic = new TorchUnpickler(pid -> null, size).loadOne(in);
            if (!(magic instanceof BigInteger || magic instanceof Long || magic instanceof Integer)
                    || !new BigInteger(magic.toString()).equals(MAGIC)) {
                throw new CheckpointException("not a torch checkpoint (wrong magic number)");
            }
            Object proto = new TorchUnpickler(pid -> null, size).loadOne(in);
            if (!(proto instanceof Integer || proto instanceof Long) || ((Number) proto).longValue() != 1001) {
                throw new CheckpointException("unsupported torch legacy protocol version " + TorchUnpickler.show(proto));
            }
            Object sysInfo = new TorchUnpickler(pid -> null, size).loadOne(in);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
                order = ByteOrder.BIG_ENDIAN;
            }
            final ByteOrder byteOrder = order;
            Map<String, StorageRef> roots = new HashMap<>();
            Map<String, Long> claimed = new HashMap<>();
            Map<String, Long> dataOffsets = new HashMap<>();
            StorageRef.Source rootSource = s -> {
                Long off = dataOffsets.get(s.key);
                if (off == null) throw new CheckpointException("storage '" + s.key + "' has no data in the file");
                // numel was checked against the file when the storage table was read
                ByteBuffer b = ByteBuffer.allocate(TensorRef.toInt(s.numel() * s.dtype.size, "storage '" + s.key + "'"));
                while (b.hasRemaining()) {
                    if (ch.read(b, off + b.position()) < 0) {
                        throw new CheckpointException("truncated: storage '" + s.key + "' ends past the end of the file");
                    }
                }
                return b.flip().order(byteOrder);
            };
            TorchUnpickler u = new TorchUnpickler(pid -> {
                if (pid.length < 5 || !"storage".equals(pid[0])
                        || !(pid[1] instanceof TorchUnpickler.StorageType type)) {
                    throw new CheckpointException("unexpected persistent id " + TorchUnpickler.show(pid));
                }
                String key = String.valueOf(pid[2]);
                long numel = TorchUnpickler.toLong(pid[4]);
                if (numel < 0) throw new CheckpointException("storage '" + key + "' claims " + numel + " elements");
                Long before = claimed.putIfAbsent(key, numel);
                if (before != null && before != numel) {
                    throw new CheckpointException("storage '" + key + "' is described with " + before + " and with "
                            + numel + " elements: a damaged file");
                }
                StorageRef root = roots.computeIfAbsent(key, k -> new StorageRef(k, type.dtype(), numel, rootSource));
                if (root.dtype != type.dtype()) {
                    throw new CheckpointException("storage '" + key + "' is described as " + root.dtype + " and as "
                            + type.dtype() + ": a damaged file");
                }
                if (pid.length > 5 && pid[5] instanceof Object[] view && view.length == 3) {
                    // (view_key, offset, view_size): a storage view, from files of torch < 1.0
                    long off = TorchUnpickler.toLong(view[1]);
                    long viewSize = TorchUnpickler.toLong(view[2]);
                    return new StorageRef(String.valueOf(view[0]), type.dtype(), viewSize, v -> {
                        if (off < 0 || viewSize < 0 || off > root.numel() - viewSize) {
                            throw new CheckpointException("storage view '" + v.key + "' lies outside storage '" + key + "'");
                        }
                        ByteBuffer b = root.bytes();
                        return b.duplicate().position(Math.toIntExact(off * type.dtype().size))
                                .limit(Math.toIntExact((off + viewSize) * type.dtype().size)).slice().order(byteOrder);
                    });
                }
                return root;
            }, size);
            Object obj = u.loadOne(in);
            Object keys = new TorchUnpickler(pid -> null, size).loadOne(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new CheckpointException("no storage key list after the object pickle");
            }
            long pos = in.count();
            List<long[]> unprotected = new ArrayList<>();
            ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (Object k : keyList) {
                String key = String.valueOf(k);
                StorageRef s = roots.get(key);
                if (s == null) throw new CheckpointException("storage key '" + key + "' is not used by the pickle");
                if (dataOffsets.containsKey(key)) throw new CheckpointException("storage key '" + key + "' is listed twice");
                count.clear();
                while (count.hasRemaining()) {
                    if (ch.read(count, pos + count.position()) < 0) {
                        throw new CheckpointException("truncated: storage '" + key + "' at byte " + pos
                                + " lies past the end of the file (" + size + " bytes)");
                    }
                }
                long n = count.flip().order(byteOrder).getLong();
                long room = size - pos - 8;
                if (n < 0 || n > room / s.dtype.size) {
                    throw new CheckpointException("truncated or damaged: storage '" + key + "' at byte " + pos + " claims "
                            + Long.toUnsignedString(n) + " elements of " + s.dtype.size + " bytes but only " + room
                            + " bytes of the file follow");
                }
                if (n != s.numel) {
                    throw new CheckpointException("damaged: storage '" + key + "' at byte " + pos + " holds " + n
                            + " elements but the pickle says " + s.numel);
                }
                dataOffsets.put(key, pos + 8);
                unprotected.add(new long[] {pos + 8, pos + 8 + n * s.dtype.size});
                pos += 8 + n * s.dtype.size;
            }
            if (pos != size) {
                throw new CheckpointException("damaged: " + (size - pos) + " unexpected bytes after the last storage"
                        + " (it ends at byte " + pos + ", the file has " + size + ")");
            }
            return new RawCheckpoint("torch-legacy", obj, u.opaqueGlobals(), ch, unprotected);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }
}
