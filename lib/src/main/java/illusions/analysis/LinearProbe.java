package illusions.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A seeded logistic-regression probe (Tribuo {@link LinearSGDTrainer} with {@link LogMulticlass})
 * on fixed-length feature vectors: z-scored with the training set's mean and standard deviation,
 * trained on labelled examples, then read as P(label) on new vectors. Tribuo records how the probe
 * was trained (trainer, seed, epochs, data) in its provenance, saved beside the run.
 */
public final class LinearProbe {
    // Tribuo logs every logging interval through java.util.logging; the run's tables say what matters.
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    private final Model<Label> model;
    private final double[] mean;
    private final double[] std;
    private final String[] names;
    private final double trainAccuracy;

    private LinearProbe(Model<Label> model, double[] mean, double[] std, String[] names, double trainAccuracy) {
        this.model = model;
        this.mean = mean;
        this.std = std;
        this.names = names;
        this.trainAccuracy = trainAccuracy;
    }

    /**
     * @param features one vector per example, all the same length
     * @param labels   one label per example
     * @param epochs   passes of SGD
     * @param seed     Tribuo's seed (example order)
     */
    public static LinearProbe train(String name, List<double[]> features, List<String> labels, int epochs, long seed) {
        if (features.isEmpty() || features.size() != labels.size()) {
            throw new IllegalArgumentException("a probe needs one label per feature vector and at least one example");
        }
        int d = features.get(0).length;
        double[] mean = new double[d], std = new double[d];
        for (double[] f : features) {
            if (f.length != d) throw new IllegalArgumentException("feature vectors differ in length: " + f.length + " vs " + d);
            for (int j = 0; j < d; j++) mean[j] += f[j] / features.size();
        }
        for (double[] f : features) for (int j = 0; j < d; j++) std[j] += (f[j] - mean[j]) * (f[j] - mean[j]) / features.size();
        for (int j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) + 1e-8;
        String[] names = new String[d];
        for (int j = 0; j < d; j++) names[j] = String.format("f%05d", j);
        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(name, lf), lf);
        for (int i = 0; i < features.size(); i++) {
            ds.add(new ArrayExample<>(new Label(labels.get(i)), names, standardize(features.get(i), mean, std)));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
        Model<Label> m = trainer.train(ds);
        int correct = 0;
        for (int i = 0; i < features.size(); i++) {
            if (m.predict(new ArrayExample<>(new Label(labels.get(i)), names, standardize(features.get(i), mean, std)))
                    .getOutput().getLabel().equals(labels.get(i))) correct++;
        }
        return new LinearProbe(m, mean, std, names, (double) correct / features.size());
    }

    private static double[] standardize(double[] f, double[] mean, double[] std) {
        double[] z = new double[f.length];
        for (int j = 0; j < f.length; j++) z[j] = (f[j] - mean[j]) / std[j];
        return z;
    }

    /** P(label | features) under the probe (0 when the label was never seen). */
    public double probability(double[] features, String label) {
        if (features.length != mean.length) {
            throw new IllegalArgumentException("the probe takes " + mean.length + " features, got " + features.length);
        }
        Prediction<Label> p = model.predict(new ArrayExample<>(new Label("?"), names, standardize(features, mean, std)));
        Label l = p.getOutputScores().get(label);
        return l == null ? 0 : l.getScore();
    }

    /**
     * log P(a) - log P(b): the probe's margin between two labels, computed from its linear scores
     * (weights and biases; the softmax's log-ratio of two labels is exactly their score difference)
     * and never clamped, so that it keeps moving where P(a) itself has rounded to 1.
     */
    public double logOdds(double[] features, String a, String b) {
        if (features.length != mean.length) {
            throw new IllegalArgumentException("the probe takes " + mean.length + " features, got " + features.length);
        }
        int ia = labelId(a), ib = labelId(b);
        org.tribuo.math.la.DenseMatrix w = weights();
        double[] z = standardize(features, mean, std);
        double v = 0;
        for (int j = 0; j < z.length; j++) {
            if (featureIds[j] >= 0) v += (w.get(ia, featureIds[j]) - w.get(ib, featureIds[j])) * z[j];
        }
        int bias = w.getDimension2Size() - 1; // Tribuo's linear models keep the bias in the last column
        return v + w.get(ia, bias) - w.get(ib, bias);
    }

    private org.tribuo.math.la.DenseMatrix weights;
    private int[] featureIds;

    /** The probe's weight matrix and each feature's column in it (-1: never seen in training), read once. */
    private synchronized org.tribuo.math.la.DenseMatrix weights() {
        if (weights == null) {
            featureIds = new int[names.length];
            for (int j = 0; j < names.length; j++) {
                var f = model.getFeatureIDMap().get(names[j]);
                featureIds[j] = f == null ? -1 : f.getID();
            }
            weights = ((org.tribuo.common.sgd.AbstractLinearSGDModel<Label>) model).getWeightsCopy();
        }
        return weights;
    }

    private int labelId(String label) {
        int id = model.getOutputIDInfo().getID(new Label(label));
        if (id < 0) throw new IllegalArgumentException("the probe knows no label '" + label + "'");
        return id;
    }

    /** Accuracy on held-out examples. */
    public double accuracy(List<double[]> features, List<String> labels) {
        int correct = 0;
        for (int i = 0; i < features.size(); i++) {
            Prediction<Label> p = model.predict(new ArrayExample<>(new Label("?"), names, standardize(features.get(i), mean, std)));
            if (p.getOutput().getLabel().equals(labels.get(i))) correct++;
        }
        return (double) correct / features.size();
    }

    public double trainAccuracy() { return trainAccuracy; }

    /** Tribuo's provenance of the probe (trainer, its seed and settings, the data), as text. */
    public String provenance() {
        return model.getProvenance().toString();
    }

    public void writeProvenance(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, provenance() + System.lineSeparator());
    }

    /** Feature names, for tables. */
    public List<String> featureNames() {
        return new ArrayList<>(List.of(names));
    }
}
