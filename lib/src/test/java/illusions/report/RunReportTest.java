package illusions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.analysis.EffectTable;
import illusions.image.RgbImage;
import illusions.model.BlockType;
import illusions.model.ModelCard;
import illusions.model.ResNetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** report.html is self-contained (no URL, every picture a data: URI, no script) and has its sections and tables. */
class RunReportTest {
    @TempDir Path tmp;

    /** A run folder as kanizsa writes it, with made-up numbers and a model card (no TensorFlow needed). */
    Path run() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 8, 10, 64);
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("mode", "adversarial");
        tc.put("eps", 0.5);
        tc.put("pgd_steps", 3);
        tc.put("epochs", 24);
        tc.put("seed", 0);
        tc.put("world", "occlusion");
        ModelCard.of(spec, null, ModelCard.Normalization.IMAGENET, Map.of("training_config", tc)).write(model);

        Path run = tmp.resolve("run");
        Files.createDirectories(run.resolve("model/increase-confidence/centred/black-on-white"));
        Map<String, Object> gpi = new LinkedHashMap<>();
        gpi.put("objective", "IncreaseConfidence(k=1, CE)");
        gpi.put("steps", 4);
        gpi.put("step_size", 0.5);
        gpi.put("step_type", "l2");
        gpi.put("projection", "linf");
        gpi.put("eps", 5.0);
        gpi.put("diffusion_noise", 0.003);
        gpi.put("normalization", "none");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("script", "kanizsa");
        cfg.put("models", List.of(model.toString()));
        cfg.put("step_scale", "none");
        cfg.put("gpi", Map.of("model/increase-confidence", gpi));
        cfg.put("seeds", List.of(0, 1, 2));
        cfg.put("record_every", 2);
        cfg.put("geometries", List.of(Map.of("name", "centred")));
        cfg.put("polarities", List.of("black-on-white"));
        ModelCard.json().writeValue(run.resolve("config.json").toFile(), cfg);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("workbench_commit", "abc123");
        prov.put("model", model.toString());
        prov.put("model_sha256", "f00d");
        prov.put("tensorflow_version", "2.18.0");
        prov.put("java_version", "17");
        prov.put("precision", "bf16");
        prov.put("devices", List.of("CPU:0"));
        ModelCard.json().writeValue(run.resolve("provenance.json").toFile(), prov);

        Table m = EffectTable.empty("m", List.of("model", "polarity"));
        for (long seed = 0; seed < 3; seed++) {
            for (int it = 0; it <= 4; it += 2) {
                for (String c : List.of("kanizsa", "rotated <control>")) {
                    EffectTable.add(m, List.of("model", "black-on-white"), c, seed, it, "edge-darkness",
                            (c.equals("kanizsa") ? 0.05 : 0.0) * it + 0.01 * seed);
                }
            }
        }
        EffectTable.effects(m, List.of("model", "polarity"), "kanizsa", List.of("rotated <control>"), 4).write()
                .csv(run.resolve("effects.csv").toFile());
        EffectTable.timeCourses(m, List.of("model", "polarity")).write().csv(run.resolve("timecourses.csv").toFile());
        m.write().csv(run.resolve("measurements.csv").toFile());

        Table traj = Table.create("t", StringColumn.create("sample"), LongColumn.create("seed"), IntColumn.create("iteration"),
                DoubleColumn.create("loss"), StringColumn.create("top1"), DoubleColumn.create("p1"));
        for (String s : List.of("kanizsa", "rotated")) {
            for (long seed = 0; seed < 3; seed++) {
                for (int it = 0; it <= 4; it++) {
                    traj.stringColumn("sample").append(s);
                    traj.longColumn("seed").append(seed);
                    traj.intColumn("iteration").append(it);
                    traj.doubleColumn("loss").append(2.0 - 0.1 * it + 0.01 * seed);
                    traj.stringColumn("top1").append("square");
                    traj.doubleColumn("p1").append(0.2 + 0.1 * it);
                }
            }
        }
        traj.write().csv(run.resolve("model/increase-confidence/centred/black-on-white/trajectory.csv").toFile());
        RgbImage.filled(32, 32, 0.5f).writePng(run.resolve("model/increase-confidence/centred/black-on-white/figure.png"));
        RgbImage.filled(32, 32, 0.2f).writePng(run.resolve("stimulus_kanizsa.png"));
        return run;
    }

    @Test
    void theReportIsSelfContainedAndHasItsSectionsPlotsAndTables() throws Exception {
        Path run = run();
        Path file = RunReport.write(run);
        assertEquals(run.resolve("report.html"), file);
        String html = Files.readString(file);

        // Self-contained: no URL at all, no script, no external style sheet; a CSP forbids anything else.
        assertFalse(Pattern.compile("https?://|//[a-z0-9.-]+\\.[a-z]{2,}/", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "no URL in the page");
        assertFalse(html.toLowerCase().contains("<script"));
        assertFalse(html.toLowerCase().contains("<link"));
        assertFalse(html.contains("url("));
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
        Matcher img = Pattern.compile("<img\\s+src=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            assertTrue(img.group(1).startsWith("data:image/png;base64,"), "every image is embedded");
            images++;
        }
        // stimulus + figure, one time-course panel, loss and top-class probability.
        assertEquals(2 + 1 + 2, images);
        assertEquals(images, html.split("<img", -1).length - 1, "no other kind of img tag");

        for (String h : List.of("Methods", "Provenance", "Stimuli and figures", "Plots", "Tables", "Files")) {
            assertTrue(html.contains(">" + h + "</h2>"), h);
        }
        // Methods from config.json and the model card: robust training, the step and its per-pixel size.
        assertTrue(html.contains("robust: L2 PGD adversarial training with eps 0.5"), "model card");
        assertTrue(html.contains("occlusion world"));
        String perPixel = String.format(java.util.Locale.ROOT, "%.3g", 0.5 / Math.sqrt(3.0 * 64 * 64));
        assertTrue(html.contains("= " + perPixel + " per value per step"), perPixel);
        assertTrue(html.contains("abc123") && html.contains("2.18.0"), "provenance");
        assertTrue(html.contains("bfloat16 network arithmetic") && html.contains(" on CPU:0"), "precision and device");
        // The effects table: effect, 95% CI, p; escaped labels.
        assertTrue(html.contains("<table class=\"effects\">"));
        assertTrue(html.contains("<th>95% CI</th>") && html.contains("<th>p_two_sided</th>"));
        assertTrue(html.contains("rotated &lt;control&gt;") && !html.contains("rotated <control>"));
        assertTrue(html.contains("<b>0.2000</b>"), "effect kanizsa - rotated at iteration 4 = 0.05 * 4");
        assertFalse(html.contains("measurements.csv</h3>"), "the long table is listed, not shown");
    }

    @Test
    void aFolderWithoutTablesStillGivesAPage() throws Exception {
        Path run = tmp.resolve("empty");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"script\": \"gpi\", \"model\": \"nowhere\"}");
        String html = RunReport.html(run, null);
        assertTrue(html.contains("No pictures in this run.") && html.contains("No summary tables in this run."));
        assertTrue(html.contains("could not be read"));
    }
}
