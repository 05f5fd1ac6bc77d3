package illusions.run;

import illusions.checkpoint.CheckpointException;
import illusions.gpi.NonFiniteValueException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs a script's command: bad input and failures become one line on stderr and a non-zero exit
 * (2 for bad input, 1 for a failed run), never a stack trace; {@code --stacktrace} shows it.
 */
public final class Scripts {
    private Scripts() {}

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

    /** Runs the command on the arguments as {@link #main} does, but returns the exit code instead of exiting. */
    public static int run(Callable<Integer> command, String[] args) {
        return execute(command, args);
    }

    public static void main(Callable<Integer> command, String[] args) {
        System.exit(run(command, args));
    }

    private static int execute(Callable<Integer> command, String[] args) {
        boolean trace = java.util.Arrays.asList(args).contains("--stacktrace");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = new CommandLine(command);
        SCRIPT.set(cli.getCommandName());
        ARGUMENTS.set(List.of(rest));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (trace) e.printStackTrace();
            String name = cmd.getCommandName();
            if (e instanceof IllegalArgumentException || e instanceof FileAlreadyExistsException
                    || e instanceof CheckpointException) {
                System.err.println(name + ": " + firstLine(e.getMessage()));
                return 2;
            }
            if (e instanceof IOException || e instanceof NonFiniteValueException) {
                System.err.println(name + ": " + firstLine(e.getMessage()));
                return 1;
            }
            System.err.println(name + ": " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + " (rerun with --stacktrace for details)");
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see --help)");
            return 2;
        });
        return cli.execute(rest);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
