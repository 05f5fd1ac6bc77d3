package illusions.run;

import illusions.checkpoint.CheckpointException;
import illusions.gpi.NonFiniteValueException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs a script's command: bad input and failures become one line on stderr and a non-zero exit
 * (2 for bad input, 1 for a failed run), never a stack trace; {@code --stacktrace} shows it.
 */
public final class Scripts {
    private Scripts() {}

    public static void main(Callable<Integer> command, String[] args) {
        boolean trace = java.util.Arrays.asList(args).contains("--stacktrace");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = new CommandLine(command);
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
        System.exit(cli.execute(rest));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
