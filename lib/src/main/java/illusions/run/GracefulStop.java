package illusions.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C, SIGTERM or SIGHUP as a request to a long loop (training) rather than an abrupt end: the JVM's
 * shutdown waits, up to a grace period, while the loop that polls {@link #requested()} finishes its
 * step, saves what it has and calls {@link #saved()}. SIGKILL cannot be caught; the loop's regular
 * checkpoints cover it.
 */
public final class GracefulStop implements AutoCloseable {
    /** Open instances: {@link Scripts}' interrupt message says the run is saving rather than that nothing was written. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(String name, Duration grace) {
        hook = new Thread(() -> {
            requested.set(true);
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-graceful-stop");
    }

    /** Registers the shutdown hook; close it when the loop ends normally. */
    public static GracefulStop install(String name, Duration grace) {
        GracefulStop s = new GracefulStop(name, grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        ACTIVE.incrementAndGet();
        return s;
    }

    /** True once the process has been asked to stop. */
    public boolean requested() {
        return requested.get();
    }

    /** The loop has saved its state: the JVM may now end. */
    public void saved() {
        finished.countDown();
    }

    /** Whether a loop is installed that saves its own state when the process is stopped. */
    public static boolean active() {
        return ACTIVE.get() > 0;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) ACTIVE.decrementAndGet();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }
}
