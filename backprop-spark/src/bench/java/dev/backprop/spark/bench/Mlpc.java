package dev.backprop.spark.bench;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One fit of MLlib's MultilayerPerceptronClassifier from our start, timed whole (its fit stacks
 * the rows in blocks, caches them, then iterates), and its test accuracy as MLPC computes it.
 *
 * @param seconds the fit's wall time
 * @param accuracy test accuracy of the model
 * @param weights the model's weights, in MLPC's order
 * @param objective MLPC's objective history: the loss before each step, then after the last
 */
record Mlpc(double seconds, double accuracy, double[] weights, double[] objective) {

    /**
     * @param solver {@code gd} (then with tol 0, so that it runs maxIter steps, and step η) or
     *        {@code l-bfgs} (MLPC's default tol)
     * @param maxIter MLPC's maxIter
     * @param start the initial weights, in MLPC's order
     * @param layers units per layer
     * @param train the training rows
     * @param test the test rows
     * @param o the options (blockSize, η, seed)
     * @return the fit
     */
    static Mlpc fit(String solver, int maxIter, double[] start, int[] layers, Dataset<Row> train, Dataset<Row> test,
                    Options o) {
        MultilayerPerceptronClassifier c = new MultilayerPerceptronClassifier().setLayers(layers).setSolver(solver)
                .setMaxIter(maxIter).setBlockSize(o.block()).setInitialWeights(Vectors.dense(start)).setSeed(o.seed());
        if (solver.equals("gd")) {
            c.setTol(0).setStepSize(o.eta());
        }
        long t = System.nanoTime();
        MultilayerPerceptronClassificationModel model = c.fit(train);
        double seconds = (System.nanoTime() - t) / 1e9;
        return new Mlpc(seconds, model.evaluate(test).accuracy(), model.weights().toArray(),
                model.summary().objectiveHistory());
    }
}
