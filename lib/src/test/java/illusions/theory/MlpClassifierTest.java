package illusions.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiny problem: the TF input gradient is right, and robust training shrinks eq. 7's gradient-norm term. */
class MlpClassifierTest {
    final GaussianMixtureWorld world = GaussianMixtureWorld.random(2, 2, 2, 2, 3.0, 0.25, 1.0, 13);
    final GaussianMixtureWorld.Dataset train = world.sample(800, 1);
    final GaussianMixtureWorld.Dataset test = world.sample(400, 2);

    @Test
    void inputGradientIsTheGradientOfLogSoftmaxAtTheLabel() {
        try (MlpClassifier net = new MlpClassifier(2, 2, new int[] {16, 16}, MlpClassifier.Activation.SOFTPLUS, 0, 1e-2f, 1, 1)) {
            net.fit(train, 3, 50, 0, 1);
            double[][] x = {test.x()[0], test.x()[1]};
            int[] y = {0, 1};
            double[][] g = net.gradient(x, y);
            double h = 1e-2; // float32 graph: a coarse step
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double[][] a = {x[i].clone()}, b = {x[i].clone()};
                    a[0][j] += h;
                    b[0][j] -= h;
                    double fd = (net.logProbabilities(a)[0][y[i]] - net.logProbabilities(b)[0][y[i]]) / (2 * h);
                    assertEquals(fd, g[i][j], 2e-3 + 1e-2 * Math.abs(fd), "d log p(y|x) / dx_" + j + " at point " + i);
                }
            }
        }
    }

    @Test
    void robustTrainingShrinksTheGradientNormTermAndStillClassifies() {
        double bayes = world.bayesAccuracy(test);
        double standardNorm, robustNorm, standardRobustAcc, robustRobustAcc;
        try (MlpClassifier net = new MlpClassifier(2, 2, new int[] {32, 32}, MlpClassifier.Activation.SOFTPLUS, 0, 3e-3f, 5, 1)) {
            net.fit(train, 60, 50, 0, 6);
            assertTrue(net.accuracy(test.x(), test.y()) > bayes - 0.08,
                    "standard accuracy " + net.accuracy(test.x(), test.y()) + " vs Bayes " + bayes);
            standardNorm = Alignment.measure(world, net, test.x(), test.y()).meanSquaredNorm();
            standardRobustAcc = net.robustAccuracy(test.x(), test.y(), 0.25, 10);
        }
        try (MlpClassifier net = new MlpClassifier(2, 2, new int[] {32, 32}, MlpClassifier.Activation.SOFTPLUS, 3, 3e-3f, 5, 1)) {
            net.fit(train, 60, 50, 0.25, 6);
            assertTrue(net.accuracy(test.x(), test.y()) > 0.6, "robust accuracy " + net.accuracy(test.x(), test.y()));
            robustNorm = Alignment.measure(world, net, test.x(), test.y()).meanSquaredNorm();
            robustRobustAcc = net.robustAccuracy(test.x(), test.y(), 0.25, 10);
        }
        assertTrue(robustNorm < standardNorm / 2, "E||grad log p(y|x)||^2: robust " + robustNorm + ", standard " + standardNorm);
        assertTrue(robustRobustAcc > standardRobustAcc, "accuracy under attack: robust " + robustRobustAcc + ", standard " + standardRobustAcc);
    }

    @Test
    void anAttackNeverHelpsAndAStandardModelRefusesToTrainRobustly() {
        try (MlpClassifier net = new MlpClassifier(2, 2, new int[] {16}, MlpClassifier.Activation.TANH, 0, 1e-2f, 2, 1)) {
            net.fit(train, 10, 50, 0, 1);
            assertTrue(net.robustAccuracy(test.x(), test.y(), 0.5, 5) <= net.accuracy(test.x(), test.y()));
            assertEquals(net.accuracy(test.x(), test.y()), net.robustAccuracy(test.x(), test.y(), 0, 3), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> net.fit(train, 1, 50, 0.1, 1));
        }
    }
}
