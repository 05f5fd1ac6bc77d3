package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import illusions.stimuli.KanizsaSquare;
import illusions.stimuli.Polarity;
import illusions.stimuli.RenderedStimulus;
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
}
