package illusions.report;

import com.fasterxml.jackson.databind.JsonNode;
import illusions.model.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The report's methods text, generated from config.json, provenance.json and the model cards. */
final class Methods {
    private Methods() {}

    static List<String> paragraphs(JsonNode config, JsonNode provenance, Path runDir) {
        List<String> out = new ArrayList<>();
        if (config == null) {
            out.add("This run folder has no config.json, so its methods cannot be described.");
            return out;
        }
        String script = RunReport.text(config, "script", "run");
        out.add(scriptSentence(script, config));

        // The model(s).
        List<String> models = new ArrayList<>();
        if (config.has("models") && config.get("models").isArray()) config.get("models").forEach(m -> models.add(m.asText()));
        else if (config.hasNonNull("model")) models.add(config.get("model").asText());
        List<JsonNode> provs = new ArrayList<>();
        if (provenance != null && provenance.isArray()) provenance.forEach(provs::add);
        else if (provenance != null) provs.add(provenance);
        Integer inputSize = config.has("image_size") ? config.get("image_size").asInt() : null;
        for (int i = 0; i < models.size(); i++) {
            String fromProv = i < provs.size() ? RunReport.text(provs.get(i), "model", null) : null;
            Path dir = RunReport.modelDir(fromProv, models.get(i));
            ModelCard card = null;
            try {
                card = dir == null ? null : ModelCard.read(dir);
            } catch (IOException e) {
                // described without its card
            }
            if (inputSize == null && card != null) inputSize = card.architecture().inputSize();
            out.add(describeModel(models.get(i), card));
        }

        // The GPI configuration.
        JsonNode single = config.has("objective") ? config : null;
        String stepScale = RunReport.text(config, "step_scale", "none");
        if (single != null) {
            out.add(describeGpi(single, stepScale, inputSize, config));
        } else {
            JsonNode many = config.has("gpi") ? config.get("gpi") : config.get("configs");
            if (many != null && many.isObject() && many.size() > 0) {
                JsonNode first = many.elements().next();
                String what = config.has("gpi") ? "model and loss" : "stimulus";
                out.add("GPI used one configuration per " + what + " (table below). "
                        + (many.size() == 1 ? "" : "The first, for " + many.fieldNames().next() + ": ")
                        + describeGpi(first, stepScale, inputSize, config));
            }
        }

        // Provenance, in one sentence.
        if (!provs.isEmpty()) {
            JsonNode p = provs.get(0);
            StringBuilder s = new StringBuilder("Provenance: workbench commit ");
            s.append(RunReport.text(p, "workbench_commit", "unknown (not a git checkout)"));
            if (p.has("workbench_dirty") && p.get("workbench_dirty").asBoolean()) s.append(" with uncommitted changes");
            s.append("; model SHA-256 ");
            List<String> hashes = new ArrayList<>();
            for (JsonNode q : provs) hashes.add(RunReport.text(q, "model_sha256", "unknown"));
            s.append(String.join(", ", hashes));
            s.append("; TensorFlow ").append(RunReport.text(p, "tensorflow_version", "?"))
                    .append(" (TensorFlow Java ").append(RunReport.text(p, "tensorflow_java", "?")).append(")")
                    .append(", Java ").append(RunReport.text(p, "java_version", "?"))
                    .append(" (").append(RunReport.text(p, "java_vendor", "?")).append(")")
                    .append(", ").append(RunReport.text(p, "os", "?"));
            if (p.hasNonNull("cpu")) s.append(", CPU ").append(p.get("cpu").asText());
            if (p.hasNonNull("threads")) s.append(", ").append(p.get("threads").asText()).append(" TensorFlow threads");
            if (p.hasNonNull("precision")) {
                s.append(", ").append("bf16".equals(p.get("precision").asText())
                        ? "bfloat16 network arithmetic (TensorFlow's oneDNN mixed-precision rewriter; loss and update in float32)"
                        : "float32 arithmetic");
            }
            if (p.hasNonNull("devices")) {
                List<String> d = new ArrayList<>();
                p.get("devices").forEach(x -> d.add(x.asText()));
                s.append(" on ").append(String.join(", ", d));
            }
            if (p.hasNonNull("created")) s.append("; run started ").append(p.get("created").asText());
            s.append('.');
            out.add(s.toString());
        }
        return out;
    }

    static String scriptSentence(String script, JsonNode config) {
        return switch (script) {
            case "kanizsa" -> "The Kanizsa experiment (scripts/kanizsa.java) ran generative perceptual inference (GPI) on "
                    + "the Kanizsa square, its controls (inducers rotated, turned outward, too far apart) and the square with "
                    + "real contours, for geometries " + list(config.get("geometries"), "name") + " and polarities "
                    + list(config.get("polarities"), null) + ", measuring the illusory-edge bands against parallel "
                    + "background bands every " + RunReport.text(config, "record_every", "?") + " iterations"
                    + (config.hasNonNull("protocol") ? " (protocol: " + config.get("protocol").asText() + ")" : "") + ".";
            case "gpi" -> "GPI (scripts/gpi.java) ran on "
                    + (config.hasNonNull("stimulus") ? "the stimulus " + config.get("stimulus").asText()
                            + (config.has("stimulus_params") && config.get("stimulus_params").size() > 0
                                    ? " with parameters " + config.get("stimulus_params") : "")
                            : "the image " + RunReport.text(config, "image", "?") + " (shorter side resized, centre-cropped)")
                    + " at the model's input size.";
            case "illusions" -> "The illusions experiment (scripts/illusions.java) ran GPI on every stimulus of the catalogue "
                    + "that has a control, and on its control, each with the reference configuration of that stimulus"
                    + (config.hasNonNull("steps_override") ? " but " + config.get("steps_override").asText() + " steps" : "")
                    + "; the index of each map compares the stimulus' two regions, and the effect is index(stimulus) - "
                    + "index(control), paired over seeds.";
            case "sweep" -> "A sweep (scripts/sweep.java) ran one job per point of the grid below; this page gathers the "
                    + "jobs' results.";
            default -> "Run of scripts/" + script + ".java.";
        };
    }

    static String list(JsonNode n, String field) {
        if (n == null) return "?";
        List<String> s = new ArrayList<>();
        if (n.isArray()) n.forEach(x -> s.add(field != null && x.isObject() && x.has(field) ? x.get(field).asText() : x.isValueNode() ? x.asText() : x.toString()));
        else s.add(n.asText());
        return String.join(", ", s);
    }

    static String describeModel(String given, ModelCard card) {
        if (card == null) return "Model " + given + ": its model.json could not be read, so it is described by name only.";
        ModelCard.Architecture a = card.architecture();
        StringBuilder s = new StringBuilder("Model ").append(given).append(": ").append(a.name())
                .append(", a torchvision-layout ResNet (blocks ").append(a.blocks()).append(", ")
                .append(a.blockType().name().toLowerCase(Locale.ROOT)).append(" blocks, width ").append(a.width())
                .append(", ").append(a.numClasses()).append(" classes, ").append(a.inputSize()).append("-px input)");
        Map<String, Object> p = card.provenance();
        Object tc = p.get("training_config");
        String source = String.valueOf(p.getOrDefault("source", ""));
        if (tc instanceof Map<?, ?> t) {
            String mode = String.valueOf(t.get("mode"));
            Object world = t.get("world") != null ? t.get("world") : p.get("world");
            s.append(", trained by the workbench on the synthetic ").append(world == null ? "shape" : world).append(" world");
            if (t.get("world_params") instanceof Map<?, ?> w && w.get("occlusion") != null) {
                s.append(" (occlusion probability ").append(w.get("occlusion")).append(", up to ").append(w.get("maxOccluders"))
                        .append(" occluders, outlined fraction ").append(w.get("outlineFraction")).append(")");
            }
            if ("adversarial".equals(mode)) {
                s.append("; robust: L2 PGD adversarial training with eps ").append(t.get("eps")).append(", ")
                        .append(t.get("pgd_steps")).append(" PGD steps");
            } else {
                s.append("; standard (").append(mode).append(") training, no adversarial examples");
            }
            s.append(", ").append(t.get("epochs")).append(" epochs, seed ").append(t.get("seed"));
        } else if (p.containsKey("source_file")) {
            s.append(", converted from the PyTorch checkpoint ").append(p.get("source_file"));
            if (p.get("fetched_as") != null) s.append(" (fetched as ").append(p.get("fetched_as")).append(")");
            if (p.get("fetched_description") != null) s.append(": ").append(p.get("fetched_description"));
        } else if (source.contains("random")) {
            s.append(", with random weights (no training: the null model)");
        } else if (!source.isEmpty()) {
            s.append(", ").append(source);
        }
        if (card.normalization() != null) {
            s.append("; its data normalization (used only with --normalization dataset) is mean ")
                    .append(java.util.Arrays.toString(card.normalization().mean())).append(", std ")
                    .append(java.util.Arrays.toString(card.normalization().std()));
        }
        return s.append('.').toString();
    }

    static String describeGpi(JsonNode c, String stepScale, Integer size, JsonNode config) {
        StringBuilder s = new StringBuilder();
        s.append("The objective was ").append(RunReport.text(c, "objective", "?"));
        s.append(", ascended on the input for ").append(RunReport.text(c, "steps", "?")).append(" updates");
        double step = c.has("step_size") ? c.get("step_size").asDouble() : Double.NaN;
        String type = RunReport.text(c, "step_type", "l2");
        s.append(" of step size ").append(fmt(step)).append(" (").append(switch (type) {
            case "l2" -> "along the gradient divided by its L2 norm over all pixels and channels";
            case "linf" -> "along the sign of the gradient";
            default -> "along the raw gradient";
        }).append("; step scale ").append(stepScale);
        if ("per-pixel".equals(stepScale) && size != null) {
            s.append(": the step given times input size / 224, so that each pixel moves as far per step as in the reference's 224-px images");
        }
        s.append(")");
        if ("l2".equals(type) && size != null && Double.isFinite(step)) {
            double perPixel = step / Math.sqrt(3.0 * size * size);
            s.append(". With ").append(size).append(" x ").append(size).append(" x 3 values, that is a root-mean-square move of ")
                    .append(fmt(step)).append(" / sqrt(3 x ").append(size).append(" x ").append(size).append(") = ")
                    .append(String.format(Locale.ROOT, "%.3g", perPixel)).append(" per value per step");
        }
        s.append(". Langevin noise of standard deviation ").append(RunReport.text(c, "diffusion_noise", "?"))
                .append(" was added at every step; the image was kept within ");
        String proj = RunReport.text(c, "projection", "linf");
        s.append(switch (proj) {
            case "linf" -> "an L-infinity box of radius " + RunReport.text(c, "eps", "?") + " around the start";
            case "l2" -> "an L2 ball of radius " + RunReport.text(c, "eps", "?") + " around the start";
            default -> "no box around the start";
        }).append(" and clipped to [0, 1]. Input normalization: ").append(RunReport.text(c, "normalization", "none"))
                .append(".");
        JsonNode seeds = config.get("seeds");
        if (seeds != null) {
            if (seeds.isArray()) s.append(" Noise seeds: ").append(list(seeds, null)).append(" (one trajectory each).");
            else s.append(" Seeds: ").append(seeds.asText()).append(" per condition, from ").append(RunReport.text(config, "seed", "0")).append(".");
        }
        for (String k : List.of("precision", "dtype")) {
            if (config.hasNonNull(k)) s.append(" Precision: ").append(config.get(k).asText()).append(".");
            else if (c.hasNonNull(k)) s.append(" Precision: ").append(c.get(k).asText()).append(".");
        }
        return s.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "?";
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    /** When a run has several GPI configurations (per model and loss, or per stimulus), all of them as one table. */
    static void perConfigTable(RunReport.Html h, JsonNode config) {
        if (config == null) return;
        JsonNode many = config.has("gpi") ? config.get("gpi") : config.get("configs");
        if (many == null || !many.isObject() || many.size() == 0) return;
        Set<String> cols = new LinkedHashSet<>();
        many.elements().forEachRemaining(c -> c.fieldNames().forEachRemaining(cols::add));
        cols.remove("show_iterations");
        h.raw("<div class=\"scroll\"><table class=\"configs\"><thead><tr><th>").text(config.has("gpi") ? "model/loss" : "stimulus").raw("</th>");
        for (String c : cols) h.raw("<th>").text(c).raw("</th>");
        h.raw("</tr></thead><tbody>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = many.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.raw("<tr><td>").text(e.getKey()).raw("</td>");
            for (String c : cols) {
                JsonNode v = e.getValue().get(c);
                h.raw("<td>").text(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString()).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody></table></div>\n");
    }
}
