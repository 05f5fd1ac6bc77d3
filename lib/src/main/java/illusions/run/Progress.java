package illusions.run;

import illusions.gpi.Gpi;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar showing the iteration and the mean loss of the batch. */
public final class Progress implements Gpi.Listener, AutoCloseable {
    private static final Set<Progress> OPEN = ConcurrentHashMap.newKeySet();
    private final ProgressBar bar;

    public Progress(String task, int steps) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps + 1L).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
        OPEN.add(this);
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
}
