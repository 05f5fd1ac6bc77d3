package illusions.stimuli;

import static org.junit.jupiter.api.Assertions.*;

import illusions.image.RgbImage;
import org.junit.jupiter.api.Test;

class OtherStimuliTest {

    @Test
    void triangleMouthsPointAtItsCentroid() {
        KanizsaTriangle t = new KanizsaTriangle();
        double[][] v = t.vertices();
        for (int i = 0; i < 3; i++) {
            double toCentre = Math.toDegrees(Math.atan2(t.centreY() - v[i][1], t.centreX() - v[i][0]));
            assertEquals(0, KanizsaSquareTest.angleDiff(toCentre, t.mouthDirectionDeg(i)), 1e-9);
            double[] n = v[(i + 1) % 3];
            assertEquals(t.side(), Math.hypot(n[0] - v[i][0], n[1] - v[i][1]), 1e-9);
        }
    }

    @Test
    void rubinFaceAndVaseFollowThePolarity() {
        RenderedStimulus white = new RubinVase().render(224);
        float[] g = white.image().channelMean();
        assertEquals(1.0, white.mask("vase").meanOf(g), 1e-6, "white vase");
        assertEquals(0.0, white.mask("face").meanOf(g), 1e-6, "black faces");
        RenderedStimulus black = new RubinVase().withPolarity(Polarity.BLACK_ON_WHITE).render(224);
        assertEquals(0.0, black.mask("vase").meanOf(black.image().channelMean()), 1e-6);
        assertFalse(white.mask("face").intersects(white.mask("vase")));
    }

    @Test
    void rubinProfileHasItsFeaturesAndControlsKeepTheArea() {
        RubinVase v = new RubinVase();
        // The nose narrows the vase most: narrower at the nose tip than at the forehead or neck.
        assertTrue(v.profileHalfWidth(0.46 * 224) < v.profileHalfWidth(0.20 * 224) - 20);
        assertTrue(v.profileHalfWidth(0.77 * 224) < v.profileHalfWidth(0.72 * 224), "chin protrudes");
        int vase = v.render(224).mask("vase").area();
        int rect = v.rectangleControl().render(224).mask("vase").area();
        int oval = v.ovalControl().render(224).mask("vase").area();
        assertEquals(1.0, rect / (double) vase, 0.05);
        assertEquals(1.0, oval / (double) vase, 0.05);
    }

    @Test
    void cornsweetPlateausAreEqualButTheBorderIsNot() {
        RenderedStimulus s = new CornsweetBlock().render(224);
        float[] g = s.image().channelMean();
        assertEquals(s.mask("left").meanOf(g), s.mask("right").meanOf(g), 1e-6);
        RgbImage img = s.image();
        assertTrue(img.get(100, 110, 0) > img.get(100, 114, 0) + 0.2, "bright left / dark right of the border");
    }

    @Test
    void groupingGapsAreCongruent() {
        RenderedStimulus s = new GroupingByColour().render(224);
        assertEquals(s.mask("within-group-gaps").area(), s.mask("between-group-gaps").area());
        float[] g = s.image().channelMean();
        assertEquals(1.0, s.mask("within-group-gaps").meanOf(g), 1e-6, "gaps are white");
    }

    @Test
    void seededStimuliChangeWithTheSeedOnly() {
        FigureGroundTexture a = new FigureGroundTexture();
        FigureGroundTexture b = new FigureGroundTexture(a.figureSide(), a.figureDeg(), a.groundDeg(), a.spacing(),
                a.lineLength(), a.lineWidth(), a.jitter(), 2, a.bandWidth());
        assertNotEquals(a.render(128).image(), b.render(128).image());
        assertEquals(a.render(128).image(), new FigureGroundTexture().render(128).image());
    }

    @Test
    void continuityControlKeepsTheBackgroundElements() {
        GroupingByContinuity g = new GroupingByContinuity();
        float[] a = g.render(224).image().channelMean(), b = g.randomControl().render(224).image().channelMean();
        Mask ctrl = g.render(224).mask("control-gaps");
        assertEquals(ctrl.meanOf(a), ctrl.meanOf(b), 1e-6);
        int differing = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differing++;
        assertTrue(differing > 0 && differing < 0.05 * a.length, "only the path elements change: " + differing);
    }
}
