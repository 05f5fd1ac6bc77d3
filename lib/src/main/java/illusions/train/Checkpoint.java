package illusions.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import illusions.model.ModelCard;
import illusions.model.TensorValue;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A training checkpoint: the config, the step reached, the training time so far, the per-epoch
 * table, and every variable of the training graph (weights, BN running statistics, momentum
 * slots). The data order and the PGD random starts are functions of (seed, step), so the step is
 * the whole RNG position.
 *
 * <p>File layout: "ILLUSCKP", int version, int header length, header JSON (UTF-8), int number of
 * tensors, per tensor (UTF name, int rank, long dims..., float data...), then a CRC32 of all
 * preceding bytes as a long. Written to a temporary file and renamed, so a checkpoint file is
 * complete or absent; a truncated or altered one fails the checksum and is refused.
 */
public final class Checkpoint {
    static final byte[] MAGIC = "ILLUSCKP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    /** What the checkpoint says besides the tensors. */
    public record Header(
            @JsonProperty("config") TrainConfig config,
            @JsonProperty("step") long step,
            @JsonProperty("train_seconds") double trainSeconds,
            @JsonProperty("history") List<Map<String, Object>> history,
            @JsonProperty("commands") List<String> commands,
            @JsonProperty("sessions") List<Map<String, Object>> sessions) {

        /** A header without session records (checkpoints written before they existed read back this way). */
        public Header(TrainConfig config, long step, double trainSeconds, List<Map<String, Object>> history, List<String> commands) {
            this(config, step, trainSeconds, history, commands, null);
        }
    }

    public record Contents(Header header, Map<String, TensorValue> state) {}

    private Checkpoint() {}

    public static void write(Path file, Header header, Map<String, TensorValue> state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] json = ModelCard.json().writeValueAsBytes(header);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(state.size());
            for (Map.Entry<String, TensorValue> e : state.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (long d : shape) out.writeLong(d);
                ByteBuffer buf = ByteBuffer.allocate(4 * e.getValue().data().length);
                buf.asFloatBuffer().put(e.getValue().data());
                out.write(buf.array());
            }
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer all = ByteBuffer.allocate(body.length + 8);
        all.put(body).putLong(crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = illusions.run.RunDirectory.newTempFile(file); // umask permissions, unlike createTempFile (0600)
        try {
            Files.write(tmp, all.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new CheckpointException("no checkpoint file at " + file);
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 4 + 4 + 8 || !startsWithMagic(all)) {
            throw new CheckpointException(file + " is not a workbench training checkpoint (wrong or missing header)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CheckpointException("checkpoint " + file + " is corrupt (checksum mismatch: truncated or altered);"
                    + " refusing it: resume from an earlier checkpoint or start again");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(all, 0, all.length - 8);
            in.position(MAGIC.length);
            int version = in.getInt();
            if (version != VERSION) {
                throw new CheckpointException(file + " has checkpoint version " + version + ", this workbench reads " + VERSION);
            }
            byte[] json = new byte[in.getInt()];
            in.get(json);
            Header header = ModelCard.json().readValue(json, Header.class);
            int n = in.getInt();
            Map<String, TensorValue> state = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                int len = in.getShort() & 0xffff;
                byte[] name = new byte[len];
                in.get(name);
                long[] shape = new long[in.getInt()];
                long size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.getLong();
                    size *= shape[d];
                }
                float[] data = new float[Math.toIntExact(size)];
                in.asFloatBuffer().get(data);
                in.position(in.position() + 4 * data.length);
                state.put(new String(name, StandardCharsets.UTF_8), new TensorValue(shape, data));
            }
            if (in.hasRemaining()) throw new CheckpointException(file + " is corrupt: " + in.remaining() + " unexpected bytes");
            return new Contents(header, state);
        } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException
                | com.fasterxml.jackson.core.JacksonException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); refusing it");
        }
    }

    private static boolean startsWithMagic(byte[] all) {
        for (int i = 0; i < MAGIC.length; i++) if (all[i] != MAGIC[i]) return false;
        return true;
    }
}
