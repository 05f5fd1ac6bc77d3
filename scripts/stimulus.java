///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

import illusions.run.Scripts;
import illusions.image.Png;
import illusions.image.RgbImage;
import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import illusions.stimuli.StimulusCatalog;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Renders one catalogued stimulus and a picture of its masks; --list shows the catalogue. */
@Command(name = "stimulus", mixinStandardHelpOptions = true,
        description = "Render a stimulus of the catalogue to PNG, with FILE.masks.png showing its masks.")
class stimulus implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "stimulus name (see --list)")
    String name;

    @Option(names = "--out", paramLabel = "FILE.png", description = "output PNG; masks go to FILE.masks.png")
    Path out;

    @Option(names = "--size", defaultValue = "224", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--param", paramLabel = "k=v", description = "parameter, repeatable (see --list)")
    List<String> params = List.of();

    @Option(names = "--list", description = "list stimuli and their parameters")
    boolean list;

    /** Distinct mask colours (RGB), in mask order. */
    static final int[] PALETTE = {0xE6194B, 0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0x42D4F4, 0xF032E6, 0xBFEF45,
        0xFABED4, 0x469990, 0xDCBEFF, 0x9A6324};

    public static void main(String[] args) {
        Scripts.main(new stimulus(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(StimulusCatalog.describe());
            return 0;
        }
        if (name == null || out == null) {
            throw new IllegalArgumentException("give a stimulus NAME and --out FILE.png, or --list; names: "
                    + String.join(", ", StimulusCatalog.names()));
        }
        if (size < 8 || size > 4096) throw new IllegalArgumentException("--size must be in [8, 4096], got " + size);
        String file = out.getFileName().toString();
        if (!file.toLowerCase().endsWith(".png")) throw new IllegalArgumentException("--out must end in .png, got " + out);
        Map<String, String> given = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--param must be k=v, got '" + p + "'");
            given.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        RenderedStimulus r = StimulusCatalog.create(name, given).render(size);
        r.image().writePng(out);
        Path masksFile = out.resolveSibling(file.substring(0, file.length() - 4) + ".masks.png");
        Png.write(maskPicture(r), masksFile);
        System.out.println("wrote " + out + " and " + masksFile);
        int i = 0;
        for (Mask m : r.masks().values()) {
            System.out.printf("  %-22s #%06X  %d px%n", m.name(), PALETTE[i++ % PALETTE.length], m.area());
        }
        return 0;
    }

    /** The stimulus dimmed to 40% contrast around mid-grey, each mask painted over it in its colour. */
    static BufferedImage maskPicture(RenderedStimulus r) {
        RgbImage img = r.image();
        int h = img.height(), w = img.width();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) rgb = (rgb << 8) | Math.round(255 * (0.3f + 0.4f * img.get(y, x, c)));
                b.setRGB(x, y, rgb);
            }
        }
        int i = 0;
        for (Mask m : r.masks().values()) {
            int colour = PALETTE[i++ % PALETTE.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (m.get(y, x)) b.setRGB(x, y, blend(b.getRGB(x, y), colour));
                }
            }
        }
        return b;
    }

    /** 70% mask colour over what is there, so overlaps (which should not happen) show as mixtures. */
    static int blend(int under, int over) {
        int out = 0;
        for (int s = 16; s >= 0; s -= 8) {
            int v = Math.round(0.3f * ((under >> s) & 0xFF) + 0.7f * ((over >> s) & 0xFF));
            out |= v << s;
        }
        return out;
    }
}
