package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;

/**
 * The gradients of batches of an in-memory dataset, on this machine: one chunk at a time through
 * one {@link Backpropagation}, added in the {@link GradientSum} tree. Allocates nothing per batch.
 */
final class LocalGradients implements BatchGradients {
    private final Dataset data;
    private final Loss loss;
    private final int outputs;
    private final boolean classification;
    private final Backpropagation pass;
    private final GradientSum tree;

    /**
     * @param network the network being trained
     * @param data the training cases
     * @param config the settings (loss, kernels, chunk and batch size)
     */
    LocalGradients(Network network, Dataset data, TrainingConfig config) {
        this.data = data;
        this.loss = config.loss;
        this.outputs = network.outputSize();
        this.classification = data.isClassification();
        this.pass = new Backpropagation(network, config.kernels, config.chunkCases(data.size()));
        this.tree = new GradientSum(config.kernels, network.layout().size());
        int batch = Math.min(config.batchSize, data.size());
        int chunksPerBatch = (batch + pass.capacity() - 1) / pass.capacity();
        if (chunksPerBatch > 1) {
            tree.begin(chunksPerBatch);
        }
    }

    @Override
    public int cases() {
        return data.size();
    }

    @Override
    public boolean classification() {
        return classification;
    }

    @Override
    public String crc32c() {
        return Checkpoint.crc(data);
    }

    @Override
    public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
        int cap = pass.capacity();
        if (count <= cap) {
            return chunk(order, first, count, gradient, correct);
        }
        int chunks = (count + cap - 1) / cap;
        tree.begin(chunks);
        double E = 0;
        for (int k = 0; k < chunks; k++) {
            int from = first + k * cap;
            int b = Math.min(cap, first + count - from);
            E += chunk(order, from, b, tree.next(), correct);
            tree.push();
        }
        tree.finish(gradient);
        return E;
    }

    /**
     * One case's forward pass, then the optimizer's backward pass fused with its step.
     *
     * @return the case's E
     */
    double fusedOnlineStep(Optimizer optimizer, int[] order, int position, float eta, int[] correct) {
        pass.gather(data.x(), data.y(), order, position, 1);
        pass.forward(1);
        countCorrect(1, correct);
        return optimizer.backwardAndStep(pass, loss, eta);
    }

    /** Forward and backward over cases order[first .. first+b), gradient into g; returns E. */
    private double chunk(int[] order, int first, int b, float[] g, int[] correct) {
        pass.gather(data.x(), data.y(), order, first, b);
        pass.forward(b);
        countCorrect(b, correct);
        return pass.backward(loss, b, g);
    }

    /** Counts the loaded cases whose largest output is the target class. */
    private void countCorrect(int b, int[] correct) {
        if (classification) {
            correct[0] += Evaluation.correct(pass.output(), pass.target(), b, outputs);
        }
    }
}
