package illusions.run;

import illusions.checkpoint.CheckpointException;
import illusions.gpi.NonFiniteValueException;
import illusions.image.ImageFormatException;
import illusions.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a script's command: bad input and failures become one line on stderr and a non-zero exit
 * (2 for bad input: options, input files, existing or unwritable outputs; 1 for a run that failed),
 * never a stack trace; {@code --stacktrace} shows it. A run folder the failure left behind gets the
 * error in its FAILED.txt. Ctrl-C (or SIGTERM) ends the progress line, marks the unfinished run
 * as failed ("interrupted") and says so in one line.
 */
public final class Scripts {
    private Scripts() {}

    public static void main(Callable<Integer> command, String[] args) {
        System.exit(run(command, args));
    }

    /** Per thread (inherited), so that commands run side by side in one JVM (tests, sweeps) keep their own. */
    private static final InheritableThreadLocal<String> SCRIPT = new InheritableThreadLocal<>();
    private static final InheritableThreadLocal<List<String>> ARGUMENTS = new InheritableThreadLocal<>();

    /**
     * How this run was started, for config.json: the script's name, its argument list exactly as
     * given (without {@code --stacktrace}) and the working directory, so that {@code ./jbang replay}
     * can run it again. Empty when the command was not started through {@link #main}.
     */
    public static Map<String, Object> invocation() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", SCRIPT.get());
        m.put("args", ARGUMENTS.get() == null ? List.of() : ARGUMENTS.get());
        m.put("cwd", Path.of("").toAbsolutePath().toString());
        return m;
    }

    /** As {@link #main} without exiting: the exit status. */
    public static int run(Callable<Integer> command, String[] args) {
        boolean trace = java.util.Arrays.asList(args).contains("--stacktrace");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        SCRIPT.set(name);
        ARGUMENTS.set(List.of(rest));
        // listed in --help; handled here, before picocli sees the arguments
        cli.getCommandSpec().addOption(OptionSpec.builder("--stacktrace").arity("0").type(boolean.class)
                .description("Show the Java stack trace behind an error message.").build());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (trace) e.printStackTrace();
            return report(name, e);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println(e.getCommandLine().getCommandName() + ": " + firstLine(e.getMessage()) + " (see --help)");
            return 2;
        });
        RunDirectory.forgetFailures();
        boolean[] done = {false};
        Thread hook = new Thread(() -> {
            if (done[0]) return;
            boolean bar = Progress.closeAll();
            List<java.nio.file.Path> kept = RunDirectory.failOpenRuns("interrupted: the process was stopped (Ctrl-C,"
                    + " SIGTERM or SIGHUP) on " + java.time.LocalDateTime.now().withNano(0) + " before the run finished");
            System.err.println((bar ? "" : System.lineSeparator()) + name + ": interrupted"
                    + (!kept.isEmpty() ? "; the unfinished run is kept in " + kept.get(0)
                    : GracefulStop.active() ? "; saving before exit" : "; no run folder was written"));
            System.err.flush();
        }, name + "-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return cli.execute(rest);
        } catch (OutOfMemoryError e) {
            if (trace) e.printStackTrace();
            return report(name, e);
        } finally {
            done[0] = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
    }

    /** Prints the one-line message of {@code e}, records it in any run it stopped, returns the exit status. */
    static int report(String name, Throwable e) {
        while ((e instanceof UncheckedIOException || e instanceof CommandLine.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        Progress.closeAll();
        int status;
        String msg;
        if (e instanceof IllegalArgumentException || e instanceof FileAlreadyExistsException
                || e instanceof CheckpointException || e instanceof ModelLoadException
                || e instanceof ImageFormatException || e instanceof AccessDeniedException) {
            status = 2;
            msg = firstLine(e.getMessage());
            if (e instanceof AccessDeniedException && !msg.contains("writable") && !msg.contains("permission")) {
                msg = msg + ": permission denied";
            }
        } else if (e instanceof FileSystemException fs) {
            status = 1;
            msg = fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason() : firstLine(fs.getMessage()));
        } else if (e instanceof IOException || e instanceof NonFiniteValueException) {
            status = 1;
            msg = firstLine(e.getMessage());
        } else if (e instanceof OutOfMemoryError) {
            status = 1;
            msg = "out of memory (Java heap of " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB): use fewer seeds or a smaller image, or raise -Xmx";
        } else {
            status = 1;
            msg = "internal error " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + " (rerun with --stacktrace for details)";
        }
        List<java.nio.file.Path> kept = RunDirectory.recordError(msg);
        System.err.println(name + ": " + msg + (kept.isEmpty() ? "" : " (what the run wrote is kept in " + kept.get(0) + ")"));
        return status;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
