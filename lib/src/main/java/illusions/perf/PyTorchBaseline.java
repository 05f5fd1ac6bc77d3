package illusions.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same GPI update in PyTorch ({@code scripts/gpi_step_torch.py}), run as a subprocess that
 * stays alive between rounds, so that {@code ./jbang bench --against-pytorch} can alternate
 * rounds of Java steps and PyTorch steps in one run: whatever else the machine does hits both.
 * The script prints one {@code step_ms X} line per step.
 */
public final class PyTorchBaseline implements AutoCloseable {
    /** How to get PyTorch where it is missing (Debian and Ubuntu). */
    public static final String INSTALL = "apt-get install python3-torch python3-torchvision";

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final String versions;

    private PyTorchBaseline(Process process, BufferedReader out, Writer in, String versions) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.versions = versions;
    }

    /** What {@code python} answered: its torch and torchvision versions, or why it cannot run the baseline. */
    public record Probe(String python, String versions, String problem) {
        public boolean available() {
            return problem == null;
        }
    }

    /**
     * The first of {@code candidates} whose Python imports torch and torchvision; when none does,
     * the problem with the first, ending in how to install PyTorch (one line).
     */
    public static Probe find(List<String> candidates) {
        Probe first = null;
        for (String python : candidates) {
            Probe p = probe(python);
            if (p.available()) return p;
            if (first == null) first = p;
        }
        return first == null ? new Probe(null, null, "no python given; install PyTorch with `" + INSTALL + "`") : first;
    }

    /** Whether {@code python} can import torch and torchvision (a 60 s limit for the import). */
    public static Probe probe(String python) {
        List<String> cmd = List.of(python, "-c", "import torch, torchvision; print(torch.__version__, torchvision.__version__)");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text;
            try (var s = p.getInputStream()) {
                text = new String(s.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Probe(python, null, python + " took over 60 s to import torch; install PyTorch with `" + INSTALL + "`");
            }
            if (p.exitValue() != 0) {
                String last = text.isEmpty() ? "exit status " + p.exitValue() : text.lines().reduce((a, b) -> b).orElse(text);
                return new Probe(python, null, python + " cannot import torch and torchvision (" + last
                        + "); install them with `" + INSTALL + "`");
            }
            String[] v = text.lines().reduce((a, b) -> b).orElse("").split("\\s+");
            return new Probe(python, v.length >= 2 ? "torch " + v[0] + ", torchvision " + v[1] : text, null);
        } catch (IOException e) {
            return new Probe(python, null, "no " + python + " to run PyTorch (" + e.getMessage()
                    + "); install it with `" + INSTALL + "`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(python, null, "interrupted while looking for PyTorch");
        }
    }

    /**
     * Starts the script and waits until its model is built ({@code ready}).
     *
     * @param width the first stage's channels (64: torchvision's own ResNet)
     * @param image size*size*3 float32 little-endian values (HWC), the image Java starts from
     */
    public static PyTorchBaseline start(String python, Path script, int threads, int batch, int depth, int width, int size,
            Path image) throws IOException {
        List<String> cmd = command(python, script, threads, batch, depth, width, size);
        if (image != null) cmd.addAll(List.of("--image", image.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        String line = out.readLine();
        if (line == null || !line.startsWith("ready")) {
            p.destroyForcibly();
            throw new IOException(script.getFileName() + " did not start (" + (line == null ? "it exited" : line) + ")");
        }
        return new PyTorchBaseline(p, out, in, line.substring("ready".length()).strip());
    }

    static List<String> command(String python, Path script, int threads, int batch, int depth, int width, int size) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--threads", "" + threads, "--batch", "" + batch,
                "--depth", "" + depth, "--size", "" + size));
        if (width != 64) cmd.addAll(List.of("--width", "" + width));
        return cmd;
    }

    /**
     * Runs the script's non-interactive job ({@code --job steps}: the whole batch for that many
     * steps) and returns its {@code job_seconds}: from building the model to the last step.
     */
    public static double job(String python, Path script, int threads, int batch, int depth, int width, int size, Path image,
            int steps) throws IOException, InterruptedException {
        return parseJob(runOnce(command(python, script, threads, batch, depth, width, size), script, image, "--job", steps));
    }

    /** Runs the script once with {@code mode steps} (and the image), and returns what it printed; a failure is an error. */
    private static String runOnce(List<String> cmd, Path script, Path image, String mode, int steps)
            throws IOException, InterruptedException {
        cmd.addAll(List.of(mode, "" + steps));
        if (image != null) cmd.addAll(List.of("--image", image.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(script.getFileName() + " " + mode + " failed (its error is above)");
        return out;
    }

    /**
     * torch.profiler's op table for {@code steps} steps of the same update (after 3 untimed ones), as
     * the script prints it between {@code profile_begin} and {@code profile_end}.
     */
    public static String profile(String python, Path script, int threads, int batch, int depth, int width, int size, Path image,
            int steps) throws IOException, InterruptedException {
        String out = runOnce(command(python, script, threads, batch, depth, width, size), script, image, "--profile", steps);
        int b = out.indexOf("profile_begin"), e = out.indexOf("profile_end");
        if (b < 0 || e < b) throw new IOException("no profile table in the PyTorch output: " + out.strip());
        return out.substring(b + "profile_begin".length(), e).strip();
    }

    /** The seconds of the {@code job_seconds X} line in a job's output. */
    public static double parseJob(String output) throws IOException {
        for (String line : output.split("\\R")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals("job_seconds")) {
                try {
                    return Double.parseDouble(f[1]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IOException("no 'job_seconds S' line in the PyTorch job's output: " + output.strip());
    }

    /** What the script reported when ready: torch and torchvision versions, threads, batch. */
    public String versions() {
        return versions;
    }

    /** Runs {@code steps} steps in PyTorch and returns each one's milliseconds. */
    public List<Double> round(int steps) throws IOException {
        try {
            in.write("run " + steps + "\n");
            in.flush();
        } catch (IOException e) {
            throw new IOException("the PyTorch process has ended (its error is above): " + e.getMessage(), e);
        }
        List<Double> ms = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("round_done")) return ms;
            ms.add(parseStep(line));
        }
        throw new IOException("the PyTorch process ended in the middle of a round (its error is above)");
    }

    /** The milliseconds of one {@code step_ms X} line. */
    public static double parseStep(String line) throws IOException {
        String[] f = line.strip().split("\\s+");
        if (f.length != 2 || !f[0].equals("step_ms")) throw new IOException("unexpected line from the PyTorch script: " + line);
        try {
            return Double.parseDouble(f[1]);
        } catch (NumberFormatException e) {
            throw new IOException("unexpected line from the PyTorch script: " + line);
        }
    }

    @Override
    public void close() {
        try {
            in.write("quit\n");
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
