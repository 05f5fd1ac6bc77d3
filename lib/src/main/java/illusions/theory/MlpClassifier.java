package illusions.theory;

import illusions.model.ClassifierModel;
import illusions.model.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A small multilayer perceptron classifier on R^d in its own TensorFlow graph and session (graph
 * mode, as {@link illusions.train.TrainingGraph} does for ResNets): {@code hidden} fully connected
 * layers with a smooth activation (softplus or tanh, so input gradients are smooth), then logits.
 *
 * <p>Training: mean softmax cross-entropy, Adam from tensorflow-framework. Robust training is
 * Madry et al.'s L2 PGD with the workbench's step rule ({@code TrainingGraph}'s): from the clean
 * point, {@code pgdSteps} steps x <- x_clean + project_eps(x + alpha g/||g||_2 - x_clean), g the
 * per-sample input gradient of the cross-entropy, alpha = 2.5 eps / steps; the parameters are then
 * updated on the loss at the attacked points, which are constants for that update (stop-gradient).
 * The attack is unrolled in the graph, so a training step is one {@code Session.run}. Unlike the
 * image models there is no clamp to [0,1]: the data live on all of R^d.
 *
 * <p>Weights are initialized from a seed (Glorot uniform, zero biases), so a model is determined
 * by its seed, its data and its schedule.
 */
public final class MlpClassifier implements ClassGradient, AutoCloseable {
    /** Hidden-layer nonlinearity. */
    public enum Activation { SOFTPLUS, TANH }

    private final int dim;
    private final int classes;
    private final int pgdSteps;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> labels;
    private final Placeholder<TFloat32> clean;
    private final Placeholder<TFloat32> eps;
    private final Placeholder<TFloat32> alpha;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> logSoftmax;
    /** grad_x of sum_i log p_theta(y_i|x_i): row i is grad_x log p_theta(y_i|x_i). */
    private final Output<TFloat32> inputGradient;
    private final Operand<TFloat32> pgdStep;
    private final Operand<TFloat32> trainLoss;
    private final Op trainOp;
    private final List<Variable<TFloat32>> weights = new ArrayList<>();
    private final List<Placeholder<TFloat32>> weightValues = new ArrayList<>();
    private final List<Op> weightAssigns = new ArrayList<>();
    private final List<long[]> weightShapes = new ArrayList<>();

    /**
     * @param hidden       widths of the hidden layers
     * @param pgdSteps     PGD steps of a training attack; 0 trains on clean points only
     * @param learningRate Adam's learning rate
     * @param seed         weight initialization
     * @param threads      TensorFlow intra-op threads
     */
    public MlpClassifier(int dim, int classes, int[] hidden, Activation activation, int pgdSteps, float learningRate,
            long seed, int threads) {
        if (dim < 1 || classes < 2) throw new IllegalArgumentException("need dim >= 1 and classes >= 2");
        if (pgdSteps < 0) throw new IllegalArgumentException("pgdSteps must be >= 0");
        this.dim = dim;
        this.classes = classes;
        this.pgdSteps = pgdSteps;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dim)));
            labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
            clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dim)));
            eps = tf.withName("eps").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            alpha = tf.withName("alpha").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            int in = dim;
            for (int l = 0; l <= hidden.length; l++) {
                int out = l < hidden.length ? hidden[l] : classes;
                weights.add(variable(tf, "w" + l, in, out));
                weights.add(variable(tf, "b" + l, out));
                in = out;
            }
            logits = forward(tf, x, hidden.length, activation);
            logSoftmax = tf.nn.logSoftmax(logits);
            Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
            // grad of sum_i log p(y_i|x_i) = -grad of sum_i ce_i; samples are independent, so row i is its own gradient.
            Operand<TFloat32> logLik = tf.math.neg(tf.reduceSum(ce, tf.constant(0)));
            @SuppressWarnings("unchecked")
            Output<TFloat32> g = (Output<TFloat32>) graph.addGradients(logLik.asOutput(), new Output<?>[] {x.asOutput()})[0];
            inputGradient = g;
            pgdStep = pgd(tf, x, ce);

            // Training: the attack unrolled from the clean point (x itself), then the loss there.
            Operand<TFloat32> attacked = x;
            if (pgdSteps > 0) {
                Operand<TFloat32> cur = x;
                for (int s = 0; s < pgdSteps; s++) {
                    Operand<TFloat32> ceS = tf.nn.softmaxCrossEntropyWithLogits(forward(tf, cur, hidden.length, activation),
                            labels).loss();
                    cur = pgdUpdate(tf, cur, x, ceS);
                }
                attacked = tf.stopGradient(cur);
            }
            Operand<TFloat32> trainLogits = pgdSteps > 0 ? forward(tf, attacked, hidden.length, activation) : logits;
            Operand<TFloat32> trainCe = tf.nn.softmaxCrossEntropyWithLogits(trainLogits, labels).loss();
            trainLoss = tf.withName("train_loss").math.mean(trainCe, tf.constant(0));
            Output<?>[] vars = weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
            Output<?>[] grads = graph.addGradients(trainLoss.asOutput(), vars);
            List<Optimizer.GradAndVar<? extends TType>> gv = new ArrayList<>();
            for (int i = 0; i < vars.length; i++) {
                @SuppressWarnings("unchecked")
                Output<TFloat32> gi = (Output<TFloat32>) grads[i];
                @SuppressWarnings("unchecked")
                Output<TFloat32> vi = (Output<TFloat32>) vars[i];
                gv.add(new Optimizer.GradAndVar<>(gi, vi));
            }
            trainOp = new Adam(graph, learningRate).applyGradients(gv, "train_step");
            session = new Session(graph, true, ClassifierModel.sessionConfig(threads));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        try {
            session.initialize();
            initialize(seed);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int dim() { return dim; }

    public int classes() { return classes; }

    public int pgdSteps() { return pgdSteps; }

    private Variable<TFloat32> variable(Ops tf, String name, long... shape) {
        Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> ph = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        weightValues.add(ph);
        weightAssigns.add(tf.assign(v, ph));
        weightShapes.add(shape);
        return v;
    }

    private Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, int hiddenLayers, Activation act) {
        Operand<TFloat32> h = input;
        for (int l = 0; l <= hiddenLayers; l++) {
            h = tf.math.add(tf.linalg.matMul(h, weights.get(2 * l)), weights.get(2 * l + 1));
            if (l < hiddenLayers) h = act == Activation.TANH ? tf.math.tanh(h) : tf.math.softplus(h);
        }
        return h;
    }

    /** One eval-time PGD step from the fed x, around the fed clean point. */
    private Operand<TFloat32> pgd(Ops tf, Operand<TFloat32> cur, Operand<TFloat32> ce) {
        return pgdUpdate(tf, cur, clean, ce);
    }

    /** x_clean + project_eps(cur + alpha g/||g|| - x_clean): the workbench's L2 PGD step (TrainingGraph.pgdStep). */
    private Operand<TFloat32> pgdUpdate(Ops tf, Operand<TFloat32> cur, Operand<TFloat32> cleanPoint, Operand<TFloat32> ce) {
        Operand<TFloat32> sum = tf.reduceSum(ce, tf.constant(0));
        @SuppressWarnings("unchecked")
        Output<TFloat32> g = (Output<TFloat32>) graph.addGradients(sum.asOutput(), new Output<?>[] {cur.asOutput()})[0];
        Operand<TFloat32> gNorm = tf.math.add(tf.math.sqrt(tf.reduceSum(tf.math.mul(g, g), tf.constant(new int[] {1}),
                ReduceSum.keepDims(true))), tf.constant(1e-12f));
        Operand<TFloat32> stepped = tf.math.add(cur, tf.math.mul(alpha, tf.math.div(g, gNorm)));
        Operand<TFloat32> delta = tf.math.sub(stepped, cleanPoint);
        Operand<TFloat32> dNorm = tf.math.sqrt(tf.reduceSum(tf.math.mul(delta, delta), tf.constant(new int[] {1}),
                ReduceSum.keepDims(true)));
        Operand<TFloat32> factor = tf.math.minimum(tf.constant(1f), tf.math.div(eps, tf.math.add(dNorm, tf.constant(1e-12f))));
        return tf.math.add(cleanPoint, tf.math.mul(delta, factor));
    }

    /** Glorot-uniform weights, zero biases, from the seed. */
    private void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> close = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < weights.size(); i++) {
                long[] shape = weightShapes.get(i);
                int n = 1;
                for (long s : shape) n *= (int) s;
                float[] v = new float[n];
                if (shape.length == 2) {
                    double lim = Math.sqrt(6.0 / (shape[0] + shape[1]));
                    for (int j = 0; j < n; j++) v[j] = (float) ((2 * rng.nextDouble() - 1) * lim);
                }
                TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
                close.add(t);
                r.feed(weightValues.get(i), t).addTarget(weightAssigns.get(i));
            }
            r.run().close();
        } finally {
            close.forEach(Tensor::close);
        }
    }

    // --- training --------------------------------------------------------------------------------

    /**
     * Minibatch training: {@code epochs} passes over {@code data} in an order shuffled by
     * {@code seed}, robust at L2 radius {@code epsilon} when the model was built with PGD steps
     * (alpha = 2.5 eps / steps). Returns the mean training loss of each epoch.
     */
    public double[] fit(GaussianMixtureWorld.Dataset data, int epochs, int batch, double epsilon, long seed) {
        if (epsilon > 0 && pgdSteps == 0) {
            throw new IllegalArgumentException("this model was built without PGD steps; it cannot train at eps " + epsilon);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] losses = new double[epochs];
        float a = pgdSteps > 0 ? (float) (2.5 * epsilon / pgdSteps) : 0f;
        for (int e = 0; e < epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            int batches = 0;
            for (int start = 0; start + batch <= n; start += batch) {
                double[][] bx = new double[batch][];
                int[] by = new int[batch];
                for (int i = 0; i < batch; i++) {
                    bx[i] = data.x()[order[start + i]];
                    by[i] = data.y()[order[start + i]];
                }
                List<Tensor> close = new ArrayList<>();
                try {
                    Session.Runner r = session.runner().feed(x, matrix(close, bx)).feed(labels, oneHot(close, by))
                            .feed(eps, scalar(close, (float) epsilon)).feed(alpha, scalar(close, a))
                            .addTarget(trainOp).fetch(trainLoss);
                    try (Result res = r.run()) {
                        sum += ((TFloat32) res.get(0)).getFloat();
                    }
                } finally {
                    close.forEach(Tensor::close);
                }
                batches++;
            }
            losses[e] = sum / Math.max(1, batches);
        }
        return losses;
    }

    // --- queries ---------------------------------------------------------------------------------

    /** Logits, one row per point. */
    public double[][] logits(double[][] points) {
        return run(logits, points, null, classes);
    }

    /** log p_theta(.|x), one row per point. */
    public double[][] logProbabilities(double[][] points) {
        return run(logSoftmax, points, null, classes);
    }

    /** grad_x log p_theta(y|x), one row per point. */
    @Override
    public double[][] gradient(double[][] points, int[] y) {
        return run(inputGradient, points, y, dim);
    }

    /** Fraction of points whose argmax logit is their label. */
    public double accuracy(double[][] points, int[] y) {
        double[][] l = logits(points);
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (l[i][c] > l[i][best]) best = c;
            if (best == y[i]) ok++;
        }
        return (double) ok / y.length;
    }

    /** Accuracy under an L2 PGD attack of radius {@code epsilon} ({@code steps} steps of 2.5 eps / steps, from the clean point). */
    public double robustAccuracy(double[][] points, int[] y, double epsilon, int steps) {
        double[][] adv = points;
        for (int s = 0; s < steps; s++) {
            List<Tensor> close = new ArrayList<>();
            try {
                Session.Runner r = session.runner().feed(x, matrix(close, adv)).feed(clean, matrix(close, points))
                        .feed(labels, oneHot(close, y)).feed(eps, scalar(close, (float) epsilon))
                        .feed(alpha, scalar(close, (float) (2.5 * epsilon / steps))).fetch(pgdStep);
                try (Result res = r.run()) {
                    adv = rows(Tensors.floats((TFloat32) res.get(0)), dim);
                }
            } finally {
                close.forEach(Tensor::close);
            }
        }
        return accuracy(adv, y);
    }

    private double[][] run(Operand<TFloat32> out, double[][] points, int[] y, int width) {
        List<Tensor> close = new ArrayList<>();
        try {
            Session.Runner r = session.runner().feed(x, matrix(close, points)).fetch(out);
            if (y != null) r.feed(labels, oneHot(close, y));
            try (Result res = r.run()) {
                return rows(Tensors.floats((TFloat32) res.get(0)), width);
            }
        } finally {
            close.forEach(Tensor::close);
        }
    }

    private static double[][] rows(float[] flat, int width) {
        double[][] out = new double[flat.length / width][width];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < width; j++) out[i][j] = flat[i * width + j];
        }
        return out;
    }

    private TFloat32 matrix(List<Tensor> close, double[][] m) {
        float[] d = new float[m.length * dim];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != dim) throw new IllegalArgumentException("point of dimension " + m[i].length + ", model has " + dim);
            for (int j = 0; j < dim; j++) d[i * dim + j] = (float) m[i][j];
        }
        TFloat32 t = TFloat32.tensorOf(Shape.of(m.length, dim), DataBuffers.of(d, true, false));
        close.add(t);
        return t;
    }

    private TFloat32 oneHot(List<Tensor> close, int[] y) {
        float[] d = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) throw new IllegalArgumentException("label " + y[i] + " outside 0.." + (classes - 1));
            d[i * classes + y[i]] = 1f;
        }
        TFloat32 t = TFloat32.tensorOf(Shape.of(y.length, classes), DataBuffers.of(d, true, false));
        close.add(t);
        return t;
    }

    private static TFloat32 scalar(List<Tensor> close, float v) {
        TFloat32 t = TFloat32.scalarOf(v);
        close.add(t);
        return t;
    }

    @Override
    public void close() {
        if (session != null) session.close();
        graph.close();
    }
}
