package illusions.stimuli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StimulusCatalogTest {

    @Test
    void everyEntryRendersDeterministicallyWithItsIndexMasksDisjointAndNonEmpty() {
        for (StimulusCatalog.Entry e : StimulusCatalog.entries()) {
            RenderedStimulus a = e.create().render(160), b = e.create().render(160);
            assertEquals(a.image(), b.image(), e.name() + " renders bit-identically");
            assertEquals(a.masks(), b.masks(), e.name() + " masks are deterministic");
            Mask ma = a.mask(e.regionA()), mb = a.mask(e.regionB());
            assertTrue(ma.area() > 0 && mb.area() > 0, e.name() + " index masks non-empty");
            assertFalse(ma.intersects(mb), e.name() + ": " + e.regionA() + " overlaps " + e.regionB());
            for (float v : a.image().data()) assertTrue(v >= 0 && v <= 1, e.name() + " pixel in [0,1]");
            if (e.control() != null) assertNotNull(StimulusCatalog.entry(e.control()), e.name() + " control exists");
            assertNotNull(e.reference(), e.name() + " has a reference config");
        }
    }

    @Test
    void everyStimulusHasAControlThatRendersDifferently() {
        for (StimulusCatalog.Entry e : StimulusCatalog.entries()) {
            if (e.control() == null) continue;
            StimulusCatalog.Entry c = StimulusCatalog.entry(e.control());
            assertNotEquals(e.create().render(96).image(), c.create().render(96).image(), e.name());
            assertEquals(e.regionA(), c.regionA());
            assertEquals(e.regionB(), c.regionB());
        }
    }

    @Test
    void namedControlsMatchTheJavaApi() {
        assertEquals(new KanizsaSquare().rotatedControl(), StimulusCatalog.create("kanizsa-square-rotated"));
        assertEquals(new KanizsaSquare().farApartControl(), StimulusCatalog.create("kanizsa-square-far-apart"));
        assertEquals(new KanizsaSquare().realContourControl(), StimulusCatalog.create("kanizsa-square-real-contours"));
        assertEquals(new KanizsaSquare(), StimulusCatalog.create("kanizsa-square"));
        assertEquals(new RubinVase().ovalControl(), StimulusCatalog.create("rubin-vase-oval"));
        assertEquals(new KanizsaSquare().withSide(120), StimulusCatalog.create("kanizsa-square", Map.of("side", "120")));
    }

    @Test
    void unknownNameListsTheNames() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> StimulusCatalog.create("kanisza"));
        assertTrue(ex.getMessage().contains("kanizsa-square") && ex.getMessage().contains("rubin-vase"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void unknownParameterListsTheParameters() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> StimulusCatalog.create("kanizsa-square", Map.of("sidee", "100")));
        assertTrue(ex.getMessage().contains("side, radius"), ex.getMessage());
    }

    @Test
    void outOfRangeValuesSayWhatIsAllowed() {
        for (Map<String, String> bad : List.of(Map.of("side", "300"), Map.of("radius", "-2"), Map.of("side", "abc"),
                Map.of("polarity", "grey"), Map.of("contours", "maybe"))) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> StimulusCatalog.create("kanizsa-square", bad), bad.toString());
            assertTrue(ex.getMessage().contains("must be"), ex.getMessage());
        }
        // In range one by one, impossible together: the record's check, prefixed with the name.
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> StimulusCatalog.create("kanizsa-square", Map.of("side", "200", "radius", "40")));
        assertTrue(ex.getMessage().startsWith("kanizsa-square:"), ex.getMessage());
    }

    @Test
    void kanizsaReferenceConfigIsTheShippedOne() {
        ReferenceConfig r = StimulusCatalog.entry("kanizsa-square").reference();
        assertEquals("IncreaseConfidence", r.loss());
        assertEquals(500, r.steps());
        assertEquals(5, r.eps());
        assertEquals(0.5, r.stepSize());
        assertEquals("layer4", StimulusCatalog.entry("rubin-vase").reference().layer());
        assertEquals(51, StimulusCatalog.entry("cornsweet-block").reference().iterations());
    }

    @Test
    void describeListsEveryNameAndParameter() {
        String d = StimulusCatalog.describe();
        for (StimulusCatalog.Entry e : StimulusCatalog.entries()) {
            assertTrue(d.contains(e.name() + "  -  "), e.name());
            for (ParamSpec p : e.params()) assertTrue(d.contains(p.name()), p.name());
        }
    }
}
