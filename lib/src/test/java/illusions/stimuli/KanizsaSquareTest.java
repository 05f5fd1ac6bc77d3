package illusions.stimuli;

import static org.junit.jupiter.api.Assertions.*;

import illusions.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class KanizsaSquareTest {
    static final List<String> PRIMARY = List.of("illusory-edges", "inducers", "control-band", "square-interior");
    final KanizsaSquare square = new KanizsaSquare();

    @Test
    void defaultEdgesLieWhereTheReferenceSampledThem() {
        double[][] c = square.corners();
        assertEquals(51, c[0][0], 1.5);
        assertEquals(173, c[1][0], 1.5);
        assertEquals(51, c[0][1], 1.5);
        assertEquals(173, c[2][1], 2.5); // reference: 171
    }

    @Test
    void mouthsPointAtTheSquareCentreFromItsCorners() {
        double[][] c = square.corners();
        for (int i = 0; i < 4; i++) {
            double towardsCentre = Math.toDegrees(Math.atan2(square.centreY() - c[i][1], square.centreX() - c[i][0]));
            assertEquals(0, angleDiff(towardsCentre, square.mouthDirectionDeg(i)), 1e-9, "inducer " + i);
        }
        // Rendered: inside the mouth (towards the centre) is background, opposite is inducer.
        RgbImage img = square.render(224).image();
        for (int i = 0; i < 4; i++) {
            double a = Math.toRadians(square.mouthDirectionDeg(i));
            double r = 0.6 * square.inducerRadius();
            assertEquals(1f, grey(img, c[i][0] + r * Math.cos(a), c[i][1] + r * Math.sin(a)), 1e-6f);
            assertEquals(0f, grey(img, c[i][0] - r * Math.cos(a), c[i][1] - r * Math.sin(a)), 1e-6f);
        }
    }

    @Test
    void mouthEdgesLieOnTheSquareSides() {
        // Just inside the square next to a side, within the radius: background (mouth);
        // just outside: inducer. So the inducer edge is the square's side.
        RgbImage img = square.render(224).image();
        double[][] c = square.corners();
        double r = square.inducerRadius();
        double x0 = c[0][0], y0 = c[0][1];
        assertEquals(1f, grey(img, x0 + r / 2, y0 + 2), 1e-6f);
        assertEquals(0f, grey(img, x0 + r / 2, y0 - 2), 1e-6f);
        assertEquals(1f, grey(img, x0 + 2, y0 + r / 2), 1e-6f);
        assertEquals(0f, grey(img, x0 - 2, y0 + r / 2), 1e-6f);
    }

    @Test
    void illusorySideEqualsDistanceBetweenInducerCentres() {
        double[][] c = square.corners();
        for (int i = 0; i < 4; i++) {
            double[] a = c[i], b = c[(i + 1) % 4];
            assertEquals(square.side(), Math.hypot(b[0] - a[0], b[1] - a[1]), 1e-9);
        }
        // Measured on the image: the inducer centres are where the dark discs' centroids would be
        // without mouths; check the top-edge band spans the gap between the inducers.
        Mask top = square.render(224).mask("illusory-edge-top");
        int minX = Integer.MAX_VALUE, maxX = -1;
        for (int y = 0; y < 224; y++) for (int x = 0; x < 224; x++) if (top.get(y, x)) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        }
        assertEquals(c[0][0] + square.inducerRadius() + 1, minX, 1.01);
        assertEquals(c[1][0] - square.inducerRadius() - 1, maxX + 1, 1.01);
    }

    @Test
    void primaryMasksAreDisjointNonEmptyAndMatched() {
        for (int size : new int[] {224, 128, 448}) {
            RenderedStimulus s = square.render(size);
            for (String n : PRIMARY) {
                assertTrue(s.mask(n).area() > 0, n + " empty at " + size);
                assertEquals(size, s.mask(n).height());
            }
            for (int i = 0; i < PRIMARY.size(); i++)
                for (int j = i + 1; j < PRIMARY.size(); j++)
                    assertFalse(s.mask(PRIMARY.get(i)).intersects(s.mask(PRIMARY.get(j))),
                            PRIMARY.get(i) + " overlaps " + PRIMARY.get(j) + " at " + size);
            double ratio = s.mask("control-band").area() / (double) s.mask("illusory-edges").area();
            assertEquals(1.0, ratio, 0.1, "control band area matches illusory edges at " + size);
        }
    }

    @Test
    void edgeBandsAvoidInducerPixelsAndAreBackground() {
        RenderedStimulus s = square.render(224);
        float[] grey = s.image().channelMean();
        assertEquals(1.0, s.mask("illusory-edges").meanOf(grey), 1e-6);
        assertEquals(1.0, s.mask("control-band").meanOf(grey), 1e-6);
        assertEquals(0.0, s.mask("inducers").meanOf(grey), 0.02);
    }

    @Test
    void perEdgeMasksPartitionTheIllusoryEdges() {
        RenderedStimulus s = square.render(224);
        Mask union = s.mask("illusory-edge-top");
        int sum = union.area();
        for (String e : List.of("right", "bottom", "left")) {
            Mask m = s.mask("illusory-edge-" + e);
            assertFalse(union.intersects(m));
            sum += m.area();
            union = union.union("u", m);
        }
        assertEquals(s.mask("illusory-edges").area(), sum);
        assertEquals(0, union.minus("d", s.mask("illusory-edges")).area());
    }

    @Test
    void rotatedControlChangesOnlyTheInducers() {
        for (KanizsaSquare control : List.of(square.rotatedControl(), square.slightlyRotatedControl(),
                square.outwardControl())) {
            RenderedStimulus a = square.render(224), b = control.render(224);
            float[] ga = a.image().channelMean(), gb = b.image().channelMean();
            double[][] c = square.corners();
            double reach = square.inducerRadius() + 1.5;
            double darkA = 0, darkB = 0;
            int differing = 0;
            for (int y = 0; y < 224; y++) for (int x = 0; x < 224; x++) {
                int i = y * 224 + x;
                darkA += 1 - ga[i];
                darkB += 1 - gb[i];
                boolean nearInducer = false;
                for (double[] v : c) nearInducer |= Math.hypot(x + 0.5 - v[0], y + 0.5 - v[1]) <= reach;
                if (!nearInducer) assertEquals(ga[i], gb[i], 0f, "pixel " + x + "," + y + " outside inducers");
                if (ga[i] != gb[i]) differing++;
            }
            assertEquals(darkA, darkB, 0.01 * darkA, "same amount of inducer ink");
            assertTrue(differing > 100, "the control does change the inducers");
            for (String n : List.of("illusory-edges", "control-band", "square-interior"))
                assertEquals(a.mask(n), b.mask(n), n + " is measured on the same pixels");
        }
    }

    @Test
    void rotatedMouthsNoLongerFaceTheCentre() {
        KanizsaSquare r = square.rotatedControl();
        for (int i = 0; i < 4; i++)
            assertEquals(90, Math.abs(angleDiff(square.mouthDirectionDeg(i), r.mouthDirectionDeg(i))), 1e-9);
        assertEquals(180, Math.abs(angleDiff(square.mouthDirectionDeg(0), square.outwardControl().mouthDirectionDeg(0))),
                1e-9);
    }

    @Test
    void realContoursDarkenOnlyTheEdgeBands() {
        RenderedStimulus a = square.render(224), b = square.realContourControl().render(224);
        float[] ga = a.image().channelMean(), gb = b.image().channelMean();
        assertTrue(b.mask("illusory-edges").meanOf(gb) < 0.7, "contours drawn on the edges");
        assertEquals(a.mask("control-band").meanOf(ga), b.mask("control-band").meanOf(gb), 0);
        Mask edgesWide = a.mask("illusory-edges");
        for (int i = 0; i < ga.length; i++) {
            if (ga[i] != gb[i]) {
                int y = i / 224, x = i % 224;
                boolean nearEdgeLine = Math.min(Math.min(Math.abs(x + 0.5 - 51), Math.abs(x + 0.5 - 173)),
                        Math.min(Math.abs(y + 0.5 - 51), Math.abs(y + 0.5 - 173))) <= 2.5;
                assertTrue(nearEdgeLine, "changed pixel " + x + "," + y + " is on a side");
            }
        }
        assertTrue(edgesWide.area() > 0);
    }

    @Test
    void whiteOnBlackInvertsTheImage() {
        RgbImage a = square.render(96).image(), b = square.withPolarity(Polarity.WHITE_ON_BLACK).render(96).image();
        float[] ga = a.channelMean(), gb = b.channelMean();
        for (int i = 0; i < ga.length; i++) assertEquals(1 - ga[i], gb[i], 1.5f / 255, "pixel " + i);
    }

    @Test
    void rendersAreBitIdentical() {
        assertEquals(square.render(224), square.render(224));
        assertEquals(square.rotatedControl().render(160), square.rotatedControl().render(160));
    }

    @Test
    void geometryScalesWithRenderSize() {
        Mask small = square.render(224).mask("inducers"), big = square.render(448).mask("inducers");
        assertEquals(4.0, big.area() / (double) small.area(), 0.05);
        double[] cs = small.centroid(), cb = big.centroid();
        assertEquals(2 * cs[0], cb[0], 0.5);
        assertEquals(2 * cs[1], cb[1], 0.5);
    }

    @Test
    void impossibleGeometryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> square.withSide(300));
        assertTrue(e.getMessage().contains("224"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> square.withInducerRadius(-3));
        assertThrows(IllegalArgumentException.class, () -> square.withInducerRadius(70)); // discs overlap
        assertThrows(IllegalArgumentException.class, () -> square.render(4));
    }

    static double angleDiff(double a, double b) {
        double d = (b - a) % 360;
        if (d > 180) d -= 360;
        if (d <= -180) d += 360;
        return d;
    }

    static float grey(RgbImage img, double x, double y) {
        return img.get((int) Math.floor(y), (int) Math.floor(x), 0);
    }
}
