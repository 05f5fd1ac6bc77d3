package illusions.run;

import illusions.gpi.Gpi;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar showing the iteration and the mean loss of the batch. When the output
 * is not a terminal (a log file, CI, a cluster job), the bar is printed as a plain line at most
 * every {@link #LOG_INTERVAL_MILLIS} ms, and once more when it closes, instead of once per update.
 */
public final class Progress implements Gpi.Listener, AutoCloseable {
    /** Minimum time between two lines when the output is not a terminal. */
    public static final long LOG_INTERVAL_MILLIS = 5000;

    private static final Set<Progress> OPEN = ConcurrentHashMap.newKeySet();
    private final ProgressBar bar;

    public Progress(String task, int steps) {
        bar = builder(task, steps + 1L, 250).build();
        OPEN.add(this);
    }

    /** A builder for any progress bar of the workbench: ASCII, continuously updated, terminal-aware. */
    public static ProgressBarBuilder builder(String task, long max, int updateMillis) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(updateMillis).continuousUpdate();
        if (System.console() == null) b.setConsumer(new LogLines(System.err, LOG_INTERVAL_MILLIS, 100));
        return b;
    }

    @Override
    public void onIteration(int iteration, float[] loss) {
        double mean = 0;
        for (float l : loss) mean += l / loss.length;
        bar.stepTo(iteration + 1L);
        bar.setExtraMessage(String.format("loss %.4f", mean));
    }

    @Override
    public void close() {
        if (OPEN.remove(this)) bar.close();
    }

    /** Ends every open bar's line (an interrupted run's shutdown hook); true if there was one. */
    public static boolean closeAll() {
        boolean any = false;
        for (Progress p : Set.copyOf(OPEN)) {
            p.close();
            any = true;
        }
        return any;
    }

    /** Prints the rendered bar as a line at most every {@code intervalMillis}, and the last state on close. */
    public static final class LogLines implements ProgressBarConsumer {
        private final PrintStream out;
        private final long intervalNanos;
        private final int width;
        private long lastPrinted = Long.MIN_VALUE;
        private String pending;

        public LogLines(PrintStream out, long intervalMillis, int width) {
            this.out = out;
            this.intervalNanos = intervalMillis * 1_000_000L;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public synchronized void accept(String rendered) {
            long now = System.nanoTime();
            if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalNanos) {
                out.println(rendered.strip());
                lastPrinted = now;
                pending = null;
            } else {
                pending = rendered;
            }
        }

        @Override
        public synchronized void close() {
            if (pending != null) out.println(pending.strip());
            pending = null;
            out.flush();
        }
    }
}
