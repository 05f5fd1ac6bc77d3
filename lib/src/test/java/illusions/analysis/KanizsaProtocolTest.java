package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import illusions.image.RgbImage;
import illusions.stimuli.KanizsaSquare;
import illusions.stimuli.Polarity;
import illusions.stimuli.RenderedStimulus;
import java.util.List;
import org.junit.jupiter.api.Test;

class KanizsaProtocolTest {
    @Test
    void everyConditionOfEveryGeometryFitsTheFrameAndHasItsMasks() {
        for (KanizsaProtocol.Geometry g : KanizsaProtocol.GEOMETRIES) {
            for (Polarity p : KanizsaProtocol.POLARITIES) {
                var conds = g.conditions(p);
                assertEquals(KanizsaProtocol.CONDITIONS, conds.keySet().stream().toList());
                for (var e : conds.entrySet()) {
                    RenderedStimulus r = e.getValue().render(64);
                    assertFalse(r.mask("illusory-edges").isEmpty(), g.name() + " " + e.getKey());
                    assertFalse(r.mask("control-band").isEmpty(), g.name() + " " + e.getKey());
                    assertFalse(r.mask("illusory-edges").intersects(r.mask("control-band")));
                }
            }
        }
    }

    @Test
    void controlsDifferFromTheSquareOnlyInTheirInducers() {
        KanizsaProtocol.Geometry g = KanizsaProtocol.geometry("small-offset");
        var c = g.conditions(Polarity.BLACK_ON_WHITE);
        KanizsaSquare k = c.get(KanizsaProtocol.KANIZSA);
        assertEquals(k.withInducerRotation(90), c.get(KanizsaProtocol.ROTATED));
        assertEquals(k.withInducerRotation(180), c.get(KanizsaProtocol.OUTWARD));
        assertEquals(k.side() * KanizsaProtocol.FAR_FACTOR, c.get(KanizsaProtocol.FAR).side(), 1e-9);
        // Same bands for the rotated and outward controls: the comparison is pixel for pixel.
        assertEquals(k.render(64).mask("illusory-edges"), c.get(KanizsaProtocol.ROTATED).render(64).mask("illusory-edges"));
    }

    @Test
    void inducerShiftIsTheAuthorsDarknessForBlackOnWhiteAndLightnessForWhiteOnBlack() {
        RgbImage grey = RgbImage.filled(4, 4, 0.25f);
        assertEquals(0.75f, KanizsaProtocol.inducerShift(grey, Polarity.BLACK_ON_WHITE)[0], 1e-6);
        assertEquals(0.25f, KanizsaProtocol.inducerShift(grey, Polarity.WHITE_ON_BLACK)[0], 1e-6);
    }

    @Test
    void theRealContourSquareScoresHighOnThePrimaryMeasureBeforeAnyStep() {
        for (Polarity p : KanizsaProtocol.POLARITIES) {
            var c = KanizsaProtocol.geometry("centred").conditions(p);
            RenderedStimulus real = c.get(KanizsaProtocol.REAL).render(64);
            RenderedStimulus kan = c.get(KanizsaProtocol.KANIZSA).render(64);
            float[] sr = KanizsaProtocol.inducerShift(real.image(), p);
            float[] sk = KanizsaProtocol.inducerShift(kan.image(), p);
            double real0 = real.mask("illusory-edges").meanOf(sr) - real.mask("control-band").meanOf(sr);
            double kan0 = kan.mask("illusory-edges").meanOf(sk) - kan.mask("control-band").meanOf(sk);
            assertTrue(real0 > 0.25, "drawn contours darken the edge bands: " + real0);
            assertEquals(0, kan0, 1e-6);
        }
    }

    /** Effects table rows for one model: every geometry and polarity, each control, with a given p and effect. */
    static void effectsFor(tech.tablesaw.api.Table t, String model, double effect, double p, String failingGeometry) {
        for (KanizsaProtocol.Geometry g : KanizsaProtocol.GEOMETRIES) {
            for (Polarity pol : KanizsaProtocol.POLARITIES) {
                for (String c : KanizsaProtocol.CONTROLS) {
                    t.stringColumn("model").append(model);
                    t.stringColumn("loss").append("increase-confidence");
                    t.stringColumn("geometry").append(g.name());
                    t.stringColumn("polarity").append(pol.label());
                    t.stringColumn("measure").append(KanizsaProtocol.PRIMARY_MEASURE);
                    t.stringColumn("control").append(c);
                    t.doubleColumn("effect").append(effect);
                    boolean fail = g.name().equals(failingGeometry) && c.equals(KanizsaProtocol.FAR);
                    t.doubleColumn("p_greater").append(fail ? 0.2 : p);
                }
            }
        }
    }

    static tech.tablesaw.api.Table emptyEffects() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("e");
        for (String c : List.of("model", "loss", "geometry", "polarity", "measure", "control")) {
            t.addColumns(tech.tablesaw.api.StringColumn.create(c));
        }
        t.addColumns(tech.tablesaw.api.DoubleColumn.create("effect"), tech.tablesaw.api.DoubleColumn.create("p_greater"));
        return t;
    }

    @Test
    void theCriterionCountsGeometriesWhereEveryControlAndPolarityPasses() {
        var t = emptyEffects();
        effectsFor(t, "robust-a", 0.3, 0.001, "fat-inducers");   // one geometry fails one test: 3 of 4 pass
        effectsFor(t, "robust-b", 0.3, 0.02, null);              // p never below 0.01: none pass
        var models = KanizsaProtocol.modelVerdicts(KanizsaProtocol.geometryVerdicts(t));
        var a = models.where(models.stringColumn("model").isEqualTo("robust-a"));
        var b = models.where(models.stringColumn("model").isEqualTo("robust-b"));
        assertEquals(3, a.intColumn("passing").get(0));
        assertTrue(a.booleanColumn("passes").get(0));
        assertEquals(0, b.intColumn("passing").get(0));
        assertFalse(b.booleanColumn("passes").get(0));
    }

    @Test
    void robustMinusStandardPoolsOverTrainingSeeds() {
        var t = emptyEffects();
        effectsFor(t, "r0", 0.30, 0.001, null);
        effectsFor(t, "s0", 0.05, 0.5, null);
        effectsFor(t, "r1", 0.25, 0.001, null);
        effectsFor(t, "s1", 0.02, 0.5, null);
        effectsFor(t, "r2", 0.35, 0.001, null);
        effectsFor(t, "s2", 0.08, 0.5, null);
        var d = KanizsaProtocol.robustMinusStandard(t, new java.util.LinkedHashMap<>(java.util.Map.of("r0", "s0", "r1", "s1", "r2", "s2")),
                "increase-confidence");
        assertEquals(3, d.n());
        assertEquals(0.25, d.difference(), 1e-9);
        assertTrue(d.ciLow() > 0);
    }

    @Test
    void criterion2TableParsesMatchedPairsAndRefusesBadOnes() {
        var t = emptyEffects();
        effectsFor(t, "r0", 0.30, 0.001, null);
        effectsFor(t, "s0", 0.05, 0.5, null);
        effectsFor(t, "r1", 0.10, 0.001, null);
        effectsFor(t, "s1", 0.15, 0.5, null);
        var d = KanizsaProtocol.criterion2(t, List.of("r0=s0", "r1=s1"), List.of("increase-confidence"));
        assertEquals(1, d.rowCount());
        assertEquals(2, d.intColumn("pairs").get(0));
        assertEquals(0.10, d.doubleColumn("difference").get(0), 1e-9);   // (0.25 + -0.05) / 2
        assertTrue(d.doubleColumn("ci_low").get(0) < 0, "two seeds that disagree give an interval across zero");
        var pilot = KanizsaProtocol.criterion2(t, List.of("r0=s0"), List.of("increase-confidence"));
        assertEquals(1, pilot.rowCount(), "one pair gives its difference");
        assertEquals(1, pilot.intColumn("pairs").get(0));
        assertEquals(0.25, pilot.doubleColumn("difference").get(0), 1e-9);
        assertTrue(pilot.doubleColumn("ci_low").isMissing(0) && pilot.doubleColumn("p_greater").isMissing(0),
                "one training seed gives no interval over seeds");
        var e = assertThrows(IllegalArgumentException.class, () -> KanizsaProtocol.criterion2(t, List.of("r0-s0"), List.of("x")));
        assertTrue(e.getMessage().contains("ROBUST=STANDARD"), e.getMessage());
    }

    @Test
    void theGlanceTableHasOneLinePerEffectWithItsInterval() {
        var t = emptyEffects();
        effectsFor(t, "r0", 0.30, 0.001, null);
        double[] lo = new double[t.rowCount()], hi = new double[t.rowCount()];
        java.util.Arrays.fill(lo, 0.2);
        java.util.Arrays.fill(hi, 0.4);
        t.addColumns(tech.tablesaw.api.DoubleColumn.create("ci_low", lo), tech.tablesaw.api.DoubleColumn.create("ci_high", hi));
        String g = KanizsaProtocol.glance(t);
        assertEquals(t.rowCount() + 1, g.lines().count());
        assertTrue(g.lines().skip(1).allMatch(l -> l.contains("+0.300 [+0.200, +0.400]")), g);
    }
}
