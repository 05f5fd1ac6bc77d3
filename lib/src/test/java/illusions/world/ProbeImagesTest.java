package illusions.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeImagesTest {
    @Test
    void labelsAlternateFaceVaseAndImagesAreValid() {
        List<World.Sample> probe = ProbeImages.render(40, 64, 5);
        assertEquals(40, probe.size());
        for (int i = 0; i < probe.size(); i++) {
            assertEquals(i % 2 == 0 ? ProbeImages.FACE : ProbeImages.VASE, probe.get(i).label());
            assertEquals(64, probe.get(i).image().height());
            for (float v : probe.get(i).image().data()) assertTrue(v >= 0f && v <= 1f, "pixel outside [0,1]");
        }
    }

    @Test
    void deterministicBySeed() {
        List<World.Sample> a = ProbeImages.render(6, 64, 5), b = ProbeImages.render(6, 64, 5), c = ProbeImages.render(6, 64, 6);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(a.get(i).image().data(), b.get(i).image().data(), 0f);
            assertTrue(WorldTestSupport.meanAbsDiff(a.get(i).image().data(), c.get(i).image().data()) > 0.02);
        }
    }

    @Test
    void rubinPairsOccurOnlyAsAsked() {
        ProbeImages none = new ProbeImages(new ProbeImages.Params(64, 0.0), 1);
        ProbeImages some = new ProbeImages(new ProbeImages.Params(64, 0.5), 1);
        int pairs = 0;
        for (long i = 0; i < 100; i++) {
            assertFalse(none.isRubinPair(i));
            if (some.isRubinPair(i)) pairs++;
        }
        assertTrue(pairs > 30 && pairs < 70, pairs + " Rubin pairs in 100 at fraction 0.5");
        assertThrows(IllegalArgumentException.class, () -> new ProbeImages.Params(64, 1.5));
    }

    @Test
    void probeFacesAreNotTrainingIdentities() {
        assertTrue(ProbeImages.FIRST_IDENTITY >= FaceWorld.IDENTITIES);
    }
}
