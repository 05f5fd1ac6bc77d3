package illusions.train;

import static org.junit.jupiter.api.Assertions.*;

import illusions.model.Batch;
import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import illusions.world.ShapeWorld;
import illusions.world.WorldParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class TrainingGraphTest {
    static final ResNetSpec TINY = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 10, 32);
    static final ShapeWorld WORLD = new ShapeWorld(WorldParams.defaults(32), 3);

    static float[] images(int from, int n, int[] labels) {
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) idx[i] = from + i;
        return WORLD.batch(idx, labels).data();
    }

    @Test
    void runningStatisticsFollowPyTorch() {
        // x: [2,1,3,2] NHWC with 2 channels; one training-mode BN, momentum 0.1, from mean 0 var 1.
        float[] x = {1, 10, 2, 20, 4, 40, 0, 0, -1, 5, 3, 7};
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 1, 3, 2)));
            Variable<TFloat32> gamma = tf.variable(tf.constant(new float[] {1, 1}));
            Variable<TFloat32> beta = tf.variable(tf.constant(new float[] {0, 0}));
            Variable<TFloat32> mean = tf.variable(tf.constant(new float[] {0, 0}));
            Variable<TFloat32> var = tf.variable(tf.constant(new float[] {1, 1}));
            List<Op> updates = new ArrayList<>();
            Operand<TFloat32> y = TrainingGraph.batchNormTraining(tf, in, gamma, beta, mean, var, updates);
            try (Session s = new Session(g);
                 TFloat32 t = TFloat32.tensorOf(Shape.of(2, 1, 3, 2), DataBuffers.of(x, true, false))) {
                s.initialize();
                Session.Runner r = s.runner().feed(in, t).fetch(y);
                updates.forEach(r::addTarget);
                try (Result res = r.run()) {
                    float[] out = illusions.model.Tensors.floats((TFloat32) res.get(0));
                    // channel 0 values 1,2,4,0,-1,3: normalized with the biased variance
                    double m0 = 1.5, v0 = (0.25 + 0.25 + 6.25 + 2.25 + 6.25 + 2.25) / 6;
                    assertEquals((1 - m0) / Math.sqrt(v0 + 1e-5), out[0], 1e-4);
                }
                try (Result res = s.runner().fetch(mean).fetch(var).run()) {
                    float[] rm = illusions.model.Tensors.floats((TFloat32) res.get(0));
                    float[] rv = illusions.model.Tensors.floats((TFloat32) res.get(1));
                    double m0 = 1.5, unbiased0 = (0.25 + 0.25 + 6.25 + 2.25 + 6.25 + 2.25) / 5;
                    assertEquals(0.1 * m0, rm[0], 1e-5);
                    assertEquals(0.9 + 0.1 * unbiased0, rv[0], 1e-4, "running_var must use the unbiased variance");
                    double m1 = (10 + 20 + 40 + 0 + 5 + 7) / 6.0;
                    assertEquals(0.1 * m1, rm[1], 1e-4);
                }
            }
        }
    }

    @Test
    void microTrainingLowersTheLoss() {
        int n = 20;
        int[] y = new int[n];
        float[] x = images(0, n, y);
        try (TrainingGraph net = new TrainingGraph(TINY, TrainingGraph.initialWeights(TINY, 1), 0.05f, 0.9f, 5e-4f, 2)) {
            float first = net.trainStep(x, n, 32, 32, y, 1f).loss();
            float last = first;
            for (int i = 0; i < 25; i++) last = net.trainStep(x, n, 32, 32, y, 1f).loss();
            assertTrue(Float.isFinite(first) && Float.isFinite(last));
            assertTrue(last < 0.7f * first, "loss went from " + first + " to " + last);
            // the running statistics moved away from their initial values
            StateDict sd = net.stateDict();
            assertNotEquals(1f, sd.get("bn1.running_var").data()[0]);
        }
    }

    @Test
    void pgdRaisesTheLossAndStaysInTheBallAndTheBox() {
        int n = 8;
        int[] y = new int[n];
        float[] x = images(100, n, y);
        float eps = 0.5f;
        try (TrainingGraph net = new TrainingGraph(TINY, TrainingGraph.initialWeights(TINY, 2), 0.05f, 0.9f, 0f, 2)) {
            // a fixed, somewhat trained model
            int[] ty = new int[20];
            float[] tx = images(0, 20, ty);
            for (int i = 0; i < 10; i++) net.trainStep(tx, 20, 32, 32, ty, 1f);
            for (boolean trainMode : new boolean[] {false, true}) {
                float before = net.loss(x, n, 32, 32, y, trainMode);
                float[] adv = net.pgd(x, x, n, 32, 32, y, eps, 5, 2.5f * eps / 5, trainMode);
                float after = net.loss(adv, n, 32, 32, y, trainMode);
                assertTrue(after > before + 1e-3, "PGD (train mode " + trainMode + ") loss " + before + " -> " + after);
                int per = 32 * 32 * 3;
                for (int i = 0; i < n; i++) {
                    double sq = 0;
                    for (int j = 0; j < per; j++) {
                        float v = adv[i * per + j];
                        assertTrue(v >= 0f && v <= 1f, "pixel outside [0,1]");
                        double d = v - x[i * per + j];
                        sq += d * d;
                    }
                    assertTrue(Math.sqrt(sq) <= eps + 1e-4, "sample " + i + " moved " + Math.sqrt(sq) + " > eps");
                    assertTrue(Math.sqrt(sq) > 0.5 * eps, "sample " + i + " hardly moved: " + Math.sqrt(sq));
                }
            }
            float[] rs = TrainingGraph.randomStart(x, n, eps, new java.util.SplittableRandom(1));
            double sq = 0;
            for (int j = 0; j < 32 * 32 * 3; j++) sq += (rs[j] - x[j]) * (rs[j] - x[j]);
            assertTrue(Math.sqrt(sq) <= eps + 1e-4);
        }
    }

    @Test
    void aPgdStepIsGpisL2StepRuleOnTheNetworksOwnGradient() {
        int n = 4, per = 32 * 32 * 3;
        int[] y = new int[n];
        float[] x = images(200, n, y);
        float eps = 0.5f, alpha = 0.3f;
        assertEquals(illusions.gpi.StepType.L2, TrainingGraph.PGD_STEP.stepType());
        assertEquals(illusions.gpi.Projection.L2, TrainingGraph.PGD_STEP.projection());
        try (TrainingGraph net = new TrainingGraph(TINY, TrainingGraph.initialWeights(TINY, 4), 0.05f, 0.9f, 0f, 2)) {
            float[] start = TrainingGraph.randomStart(x, n, eps, new java.util.SplittableRandom(3));
            for (boolean trainMode : new boolean[] {false, true}) {
                float[] g = net.inputGradient(start, n, 32, 32, y, trainMode);
                float[] pgd = net.pgd(x, start, n, 32, 32, y, eps, 1, alpha, trainMode);
                float[] rule = illusions.gpi.StepRuleTest.update(TrainingGraph.PGD_STEP, start, g, x, n, 32, 32, alpha, eps);
                assertArrayEquals(rule, pgd, "train mode " + trainMode + ": PGD is the step rule, bit for bit");
                boolean moved = false;
                for (int i = 0; i < n * per; i++) moved |= pgd[i] != start[i];
                assertTrue(moved);
            }
        }
    }

    @Test
    void exportedStateDictGivesTheSameEvalLogits() {
        int n = 6;
        int[] y = new int[n];
        float[] x = images(0, n, y);
        try (TrainingGraph net = new TrainingGraph(TINY, TrainingGraph.initialWeights(TINY, 4), 0.05f, 0.9f, 5e-4f, 2)) {
            for (int i = 0; i < 3; i++) net.trainStep(x, n, 32, 32, y, 1f);
            float[] expected = net.evalLogits(x, n, 32, 32);
            StateDict sd = net.stateDict();
            sd.checkFits(TINY);
            try (ClassifierModel m = ClassifierModel.inMemory(TINY, sd, null, 2)) {
                Map<String, TensorValue> out = m.forward(new Batch(n, 32, 32, x), InputNormalization.NONE, "logits");
                float[] got = out.get("logits").data();
                assertEquals(expected.length, got.length);
                for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-4, "logit " + i);
            }
            // and the state dict loads back into a fresh training graph unchanged
            try (TrainingGraph other = new TrainingGraph(TINY, sd, 0.05f, 0.9f, 5e-4f, 2)) {
                assertArrayEquals(expected, other.evalLogits(x, n, 32, 32), 1e-5f);
            }
        }
    }
}
