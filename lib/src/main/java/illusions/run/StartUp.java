package illusions.run;

import java.lang.management.ManagementFactory;

/**
 * The way from JVM start to a script's first GPI step: what to load ahead on other threads, and the
 * clock that tells how long the way was (issue 10 asks for the first step within 3 s).
 */
public final class StartUp {
    private volatile double firstStepSeconds = -1;
    private boolean reported;

    /** Seconds since the JVM started. */
    public static double secondsSinceJvmStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    /**
     * Runs {@code work} on a daemon thread to load classes or native libraries before they are needed.
     * Nothing it makes is kept, and a failure is ignored: whatever fails here fails again, and is
     * reported, where it is used.
     */
    public static void ahead(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable ignored) {
                // only a head start
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Loads TensorFlow's native library (~1.2 s) on another thread. */
    public static void tensorflowAhead() {
        ahead("warm-up-tensorflow", org.tensorflow.TensorFlow::version);
    }

    /** Call at the end of every GPI iteration: the first call records the time since JVM start. */
    public void stepDone() {
        if (firstStepSeconds < 0) firstStepSeconds = secondsSinceJvmStart();
    }

    /** Seconds from JVM start to the end of the first step, or negative before it. */
    public double firstStepSeconds() {
        return firstStepSeconds;
    }

    /** Prints the first step's time to stderr once, after the first step. */
    public void reportOnce() {
        if (!reported && firstStepSeconds >= 0) {
            reported = true;
            System.err.printf("first GPI step done %.1f s after JVM start%n", firstStepSeconds);
        }
    }
}
