package illusions.checkpoint;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
            if (!(magic instanceof Number mg) || !new BigInteger(mg.toString()).equals(MAGIC)) {
                throw new CheckpointException("not a torch checkpoint (wrong magic number)");
            }
            Object proto = new TorchUnpickler(pid -> null, size).loadOne(in);
            if (!(proto instanceof Number p) || p.longValue() != 1001) {
                throw new CheckpointException("unsupported torch legacy protocol version " + proto);
            }
            Object sysInfo = new TorchUnpickler(pid -> null, size).loadOne(in);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
                order = ByteOrder.BIG_ENDIAN;
            }
            final ByteOrder byteOrder = order;
            Map<String, StorageRef> roots = new HashMap<>();
            Map<String, Long> dataOffsets = new HashMap<>();
            StorageRef.Source rootSource = s -> {
                Long off = dataOffsets.get(s.key);
                if (off == null) throw new CheckpointException("storage '" + s.key + "' has no data in the file");
                long nbytes = s.numel() * s.dtype.size;
                ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(nbytes));
                while (b.hasRemaining()) {
                    if (ch.read(b, off + b.position()) < 0) throw new EOFException();
                }
                return b.flip().order(byteOrder);
            };
            TorchUnpickler u = new TorchUnpickler(pid -> {
                if (pid.length < 5 || !"storage".equals(pid[0])
                        || !(pid[1] instanceof TorchUnpickler.StorageType type)) {
                    throw new CheckpointException("unexpected persistent id " + Arrays.toString(pid));
                }
                String key = String.valueOf(pid[2]);
                long numel = TorchUnpickler.toLong(pid[4]);
                StorageRef root = roots.computeIfAbsent(key, k -> new StorageRef(k, type.dtype(), numel, rootSource));
                if (pid.length > 5 && pid[5] instanceof Object[] view && view.length == 3) {
                    // (view_key, offset, view_size): a storage view, from files of torch < 1.0
                    long off = TorchUnpickler.toLong(view[1]);
                    long viewSize = TorchUnpickler.toLong(view[2]);
                    return new StorageRef(String.valueOf(view[0]), type.dtype(), viewSize, v -> {
                        if (off < 0 || off + viewSize > root.numel()) {
                            throw new CheckpointException("storage view " + v.key + " outside storage " + key);
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
            ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (Object k : keyList) {
                String key = String.valueOf(k);
                StorageRef s = roots.get(key);
                if (s == null) throw new CheckpointException("storage key '" + key + "' is not used by the pickle");
                count.clear();
                while (count.hasRemaining()) {
                    if (ch.read(count, pos + count.position()) < 0) {
                        throw new CheckpointException("truncated: storage '" + key + "' at byte " + pos
                                + " lies past the end of the file (" + size + " bytes)");
                    }
                }
                long n = count.flip().order(byteOrder).getLong();
                long nbytes = n * s.dtype.size;
                if (n < 0 || pos + 8 + nbytes > size) {
                    throw new CheckpointException("truncated: storage '" + key + "' needs " + nbytes
                            + " bytes at byte " + (pos + 8) + " but the file has " + size);
                }
                s.numel = n;
                dataOffsets.put(key, pos + 8);
                pos += 8 + nbytes;
            }
            return new RawCheckpoint("torch-legacy", obj, u.opaqueGlobals(), ch);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }
}
