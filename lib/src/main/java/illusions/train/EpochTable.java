package illusions.train;

import illusions.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * {@code training.csv}: one row per finished epoch of a training run ({@link Trainer#recordEpoch}),
 * kept in the checkpoints as the trainer's history and written beside them and into the exported model.
 */
public final class EpochTable {
    public static final String FILE = "training.csv";
    /** The columns after epoch and step, in order. */
    public static final List<String> MEASURES = List.of("train_loss", "train_accuracy", "heldout_loss", "clean_accuracy",
            "robust_accuracy", "lr", "train_seconds");

    private EpochTable() {}

    /** The rows as a table: epoch and step as integers, the measures as doubles. */
    public static Table of(List<Map<String, Object>> rows) {
        Table t = Table.create("training");
        IntColumn epoch = IntColumn.create("epoch");
        IntColumn step = IntColumn.create("step");
        t.addColumns(epoch, step);
        for (String c : MEASURES) t.addColumns(DoubleColumn.create(c));
        for (Map<String, Object> r : rows) {
            epoch.append(((Number) r.get("epoch")).intValue());
            step.append(((Number) r.get("step")).intValue());
            for (String c : MEASURES) t.doubleColumn(c).append(((Number) r.get(c)).doubleValue());
        }
        return t;
    }

    /** Writes the rows to {@code file} atomically. */
    public static void write(List<Map<String, Object>> rows, Path file) throws IOException {
        RunDirectory.writeCsvAtomically(file, of(rows));
    }
}
