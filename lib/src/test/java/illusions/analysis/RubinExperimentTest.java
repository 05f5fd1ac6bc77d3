package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import illusions.stimuli.Polarity;
import illusions.stimuli.RubinVase;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RubinExperimentTest {
    static RubinExperiment.Calibration cell(String model, String polarity, double m, double drift, double noise) {
        return new RubinExperiment.Calibration(model, polarity, m, drift, noise);
    }

    @Test
    void theSmallestMultiplierAtWhichEveryCellQualifiesIsChosen() {
        List<RubinExperiment.Calibration> cells = List.of(
                cell("a", "white", 1, 0.01, 0.1), cell("b", "white", 1, 0.2, 0.1),
                cell("a", "white", 4, 0.11, 0.1), cell("b", "white", 4, 0.09, 0.1),
                cell("a", "white", 16, 0.3, 0.1), cell("b", "white", 16, 0.4, 0.1));
        assertEquals(16, RubinExperiment.chooseMultiplier(cells));
        List<RubinExperiment.Calibration> early = List.of(cell("a", "w", 4, 0.2, 0.1), cell("a", "w", 1, 0.2, 0.1));
        assertEquals(1, RubinExperiment.chooseMultiplier(early));
        List<RubinExperiment.Calibration> none = List.of(cell("a", "w", 1, 0, 0.1), cell("a", "w", 4, 0, 0.1));
        assertEquals(4, RubinExperiment.chooseMultiplier(none), "the largest candidate when none qualifies");
    }

    /** {@code rubin --param}: another figure's conditions keep its geometry, and its controls its area. */
    @Test
    void anotherFiguresConditionsKeepItsGeometryAndFollowItsArea() {
        RubinVase narrow = RubinExperiment.figure(Map.of("halfWidth", "40", "brow", "7", "nose", "20", "lips", "7", "chin", "10"));
        RubinVase classic = RubinExperiment.figure(Map.of());
        assertEquals(new RubinVase(), classic, "no --param is the classic figure");
        for (Polarity p : Polarity.values()) {
            Map<String, RubinVase> c = RubinExperiment.conditions(narrow, p);
            assertEquals(narrow.withPolarity(p), c.get(RubinExperiment.RUBIN));
            for (String control : RubinExperiment.CONTROLS) {
                RubinVase v = c.get(control);
                assertEquals(p, v.polarity());
                assertEquals(40, v.baseHalfWidth());
                // equal area: the figure's pixels and the control's, rendered, agree to within the outline's aliasing
                double figureArea = figurePixels(c.get(RubinExperiment.RUBIN), p), controlArea = figurePixels(v, p);
                assertEquals(figureArea, controlArea, 0.02 * figureArea, control + " in " + p);
            }
        }
        assertTrue(figurePixels(RubinExperiment.conditions(narrow, Polarity.WHITE_ON_BLACK).get(RubinExperiment.RECTANGLE), Polarity.WHITE_ON_BLACK)
                < 0.9 * figurePixels(RubinExperiment.conditions(classic, Polarity.WHITE_ON_BLACK).get(RubinExperiment.RECTANGLE), Polarity.WHITE_ON_BLACK),
                "a narrower figure gets a narrower control");
        for (String fixed : List.of("shape", "polarity")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RubinExperiment.figure(Map.of(fixed, "oval")));
            assertTrue(e.getMessage().contains("--param " + fixed), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RubinExperiment.figure(Map.of("nose", "60", "halfWidth", "40")),
                "a feature deeper than the neck allows");
        assertThrows(IllegalArgumentException.class, () -> RubinExperiment.figure(Map.of("nosee", "20")));
    }

    private static double figurePixels(RubinVase v, Polarity p) {
        RgbImage img = v.render(224).image();
        double n = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) n += Math.abs(img.get(y, x, 0) - p.backgroundGrey()) / Math.abs(p.figureGrey() - p.backgroundGrey());
        }
        return n;
    }

    @Test
    void rmsAndLogOdds() {
        RgbImage a = RgbImage.filled(4, 4, 0.5f), b = RgbImage.filled(4, 4, 0.2f);
        assertEquals(0.3, RubinExperiment.rms(a, b), 1e-6);
        assertEquals(0, RubinExperiment.logOdds(0.5), 1e-12);
        assertEquals(Math.log(3), RubinExperiment.logOdds(0.75), 1e-12);
        assertEquals(RubinExperiment.logOdds(1 - RubinExperiment.CLAMP), RubinExperiment.logOdds(1.0), 1e-9);
        assertTrue(Double.isFinite(RubinExperiment.logOdds(0.0)));
    }

    @Test
    void theComparisonFindsAPriorThatReadsMoreFaceAndNotTheReverse() {
        Table t = RubinExperiment.emptyTable();
        SplittableRandom rng = new SplittableRandom(3);
        for (long seed = 0; seed < 12; seed++) {
            for (String polarity : RubinExperiment.POLARITY_ORDER) {
                double faces = 0.8 + 0.1 * rng.nextDouble(), objects = 0.3 + 0.1 * rng.nextDouble();
                EffectTable.add(t, List.of("faces", polarity), RubinExperiment.RUBIN, seed, 200, RubinExperiment.P_FACE_LAYER4, faces);
                EffectTable.add(t, List.of("objects", polarity), RubinExperiment.RUBIN, seed, 200, RubinExperiment.P_FACE_LAYER4, objects);
                // The observer cannot tell the models apart.
                double same = 0.5 + 0.1 * rng.nextDouble();
                EffectTable.add(t, List.of("faces", polarity), RubinExperiment.RUBIN, seed, 200, RubinExperiment.P_FACE_OBSERVER_NETWORK, same);
                EffectTable.add(t, List.of("objects", polarity), RubinExperiment.RUBIN, seed, 200, RubinExperiment.P_FACE_OBSERVER_NETWORK, 0.5 + 0.1 * rng.nextDouble());
            }
        }
        Table c = RubinExperiment.compareModels(t, "faces", "objects", 200);
        assertEquals(4, c.rowCount());
        for (int i = 0; i < c.rowCount(); i++) {
            double p = c.doubleColumn("p_greater").get(i);
            if (c.stringColumn("probe").get(i).equals(RubinExperiment.P_FACE_LAYER4)) {
                assertTrue(p < 1e-6, "a clear difference: " + p);
                assertTrue(c.doubleColumn("ci_low").get(i) > 0);
            } else {
                assertTrue(p > 0.01, "no difference: " + p);
            }
        }
        Table reverse = RubinExperiment.compareModels(t, "objects", "faces", 200);
        assertTrue(reverse.doubleColumn("p_greater").get(0) > 0.99);
    }

    /** Readouts version 2: each model's shift from its own start, compared; the start itself does not decide. */
    @Test
    void shiftsAreComparedFromEachModelsOwnStartAndDecideWithTheStandardControl() {
        Table t = RubinExperiment.emptyTable();
        SplittableRandom rng = new SplittableRandom(5);
        String lo = RubinExperiment.LO_CUES_LAYER4, obs = RubinExperiment.LO_CUES_OBSERVER_NETWORK;
        for (long seed = 0; seed < 16; seed++) {
            for (String polarity : RubinExperiment.POLARITY_ORDER) {
                // faces starts far higher (its own probe's baseline) but moves less than objects: no effect
                double f0 = 20 + rng.nextGaussian(), o0 = -5 + rng.nextGaussian();
                add(t, "faces", polarity, seed, lo, f0, f0 + 1 + 0.3 * rng.nextGaussian());
                add(t, "objects", polarity, seed, lo, o0, o0 + 2 + 0.3 * rng.nextGaussian());
                // the observer starts alike and faces moves up by 3
                double s0 = rng.nextGaussian();
                add(t, "faces", polarity, seed, obs, s0, s0 + 3 + 0.5 * rng.nextGaussian());
                add(t, "objects", polarity, seed, obs, s0, s0 + 0.5 * rng.nextGaussian());
                add(t, "faces-std", polarity, seed, obs, s0, s0 + 0.5 * rng.nextGaussian());
                add(t, "objects-std", polarity, seed, obs, s0, s0 + 0.5 * rng.nextGaussian());
                add(t, "faces-std", polarity, seed, lo, s0, s0 + 0.5 * rng.nextGaussian());
                add(t, "objects-std", polarity, seed, lo, s0, s0 + 0.5 * rng.nextGaussian());
            }
        }
        Table robust = RubinExperiment.compareShifts(t, "faces", "objects", 200, RubinExperiment.RUBIN, List.of(lo, obs));
        Table standard = RubinExperiment.compareShifts(t, "faces-std", "objects-std", 200, RubinExperiment.RUBIN, List.of(lo, obs));
        assertEquals(4, robust.rowCount());
        for (int i = 0; i < robust.rowCount(); i++) {
            boolean observer = robust.stringColumn("probe").get(i).equals(obs);
            double p = robust.doubleColumn("p_greater").get(i), d = robust.doubleColumn("shift_difference").get(i);
            assertEquals(observer ? 3 : -1, d, 0.4);
            assertTrue(observer ? p < 1e-6 : p > 0.99, "p " + p);
            if (!observer) assertTrue(robust.doubleColumn("log_odds_a_at_0").get(i) > 15, "the start is reported");
        }
        Table d = RubinExperiment.decide(robust, standard, java.util.Map.of(lo, true, obs, true));
        assertEquals(4, d.rowCount());
        for (int i = 0; i < d.rowCount(); i++) {
            assertEquals(d.stringColumn("probe").get(i).equals(obs) ? "yes" : "no", d.stringColumn("holds").get(i));
        }
        Table invalid = RubinExperiment.decide(robust, standard, java.util.Map.of(lo, true, obs, false));
        for (int i = 0; i < invalid.rowCount(); i++) assertEquals("no", invalid.stringColumn("holds").get(i), "an invalid probe decides nothing");
    }

    @Test
    void specificityIsTheAdvantageOnRubinsFigureBeyondTheAdvantageOnTheControl() {
        Table t = RubinExperiment.emptyTable();
        SplittableRandom rng = new SplittableRandom(5);
        String lo = RubinExperiment.LO_CUES_LAYER4, obs = RubinExperiment.LO_CUES_OBSERVER_NETWORK;
        for (long seed = 0; seed < 16; seed++) {
            for (String polarity : RubinExperiment.POLARITY_ORDER) {
                double s0 = rng.nextGaussian();
                // own probe: faces gains 5 on Rubin's figure and 1 on the oval, objects nothing: specific (+4)
                add(t, RubinExperiment.RUBIN, "faces", polarity, seed, lo, s0, s0 + 5 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.OVAL, "faces", polarity, seed, lo, s0, s0 + 1 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.RUBIN, "objects", polarity, seed, lo, s0, s0 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.OVAL, "objects", polarity, seed, lo, s0, s0 + 0.3 * rng.nextGaussian());
                // observer: faces gains 3 on Rubin's figure but 8 on the oval: an advantage, not a specific one (-5)
                add(t, RubinExperiment.RUBIN, "faces", polarity, seed, obs, s0, s0 + 3 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.OVAL, "faces", polarity, seed, obs, s0, s0 + 8 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.RUBIN, "objects", polarity, seed, obs, s0, s0 + 0.3 * rng.nextGaussian());
                add(t, RubinExperiment.OVAL, "objects", polarity, seed, obs, s0, s0 + 0.3 * rng.nextGaussian());
            }
        }
        Table sp = RubinExperiment.compareSpecificity(t, "faces", "objects", 200, RubinExperiment.OVAL, List.of(lo, obs));
        assertEquals(4, sp.rowCount());
        for (int i = 0; i < sp.rowCount(); i++) {
            boolean observer = sp.stringColumn("probe").get(i).equals(obs);
            double d = sp.doubleColumn("specificity").get(i), p = sp.doubleColumn("p_greater").get(i);
            assertEquals(observer ? -5 : 4, d, 0.4);
            assertEquals(observer ? 3 : 5, sp.doubleColumn("advantage_on_rubin").get(i), 0.4);
            assertEquals(observer ? 8 : 1, sp.doubleColumn("advantage_on_control").get(i), 0.4);
            assertTrue(observer ? p > 0.99 : p < 1e-6, "p " + p);
            assertTrue(sp.doubleColumn("ci_low").get(i) < d && d < sp.doubleColumn("ci_high").get(i));
        }
        // a control run on other seeds than Rubin's figure cannot be paired seed by seed: no row
        Table missing = t.where(t.stringColumn("condition").isNotEqualTo(RubinExperiment.OVAL)
                .or(t.longColumn("seed").isNotEqualTo(3)));
        assertEquals(0, RubinExperiment.compareSpecificity(missing, "faces", "objects", 200, RubinExperiment.OVAL, List.of(lo, obs)).rowCount());
    }

    private static void add(Table t, String condition, String model, String polarity, long seed, String measure, double at0, double atEnd) {
        EffectTable.add(t, List.of(model, polarity), condition, seed, 0, measure, at0);
        EffectTable.add(t, List.of(model, polarity), condition, seed, 200, measure, atEnd);
    }

    private static void add(Table t, String model, String polarity, long seed, String measure, double at0, double atEnd) {
        EffectTable.add(t, List.of(model, polarity), RubinExperiment.RUBIN, seed, 0, measure, at0);
        EffectTable.add(t, List.of(model, polarity), RubinExperiment.RUBIN, seed, 200, measure, atEnd);
    }
}
