package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training diagnostics: warnings, never errors. A {@link TrainingListener} that looks at a fixed
 * sample of the training cases (at most {@value #SAMPLE}, evenly spaced) at the end of every epoch,
 * with its own forward and backward pass, and warns once per kind (and layer) through a
 * {@code Consumer<String>} when
 * <ul>
 * <li><b>a layer is saturated</b>: for a sigmoid or tanh layer, at least {@value #SATURATED_SHARE}
 *     of its unit activations over the sample have σ'(z) below {@value #SATURATION_LEVEL} of the
 *     derivative's maximum (|z| &gt; 6.9 for sigmoid, &gt; 3.8 for tanh), so those units hardly
 *     learn;</li>
 * <li><b>gradients vanish</b>: the root mean square of δ over the sample shrinks by a factor of
 *     {@value #VANISHING_RATIO} or less from the output layer to the first layer;</li>
 * <li><b>inputs are not scaled</b> (checked once, when the listener is created): at least
 *     {@value #INPUT_SHARE} of the training input values lie outside ±{@value #INPUT_LIMIT}.</li>
 * </ul>
 * Everything the checks need is allocated when the listener is created or at epoch ends; the
 * training steps are untouched ({@link #onBatchEnd} does nothing).
 *
 * <pre>{@code
 * Diagnostics diagnostics = new Diagnostics(network, train, loss, message -> System.err.println("warning: " + message));
 * TrainingConfig config = TrainingConfig.builder(loss, optimizer).listener(diagnostics).build();
 * }</pre>
 */
public final class Diagnostics implements TrainingListener {
    /** Most training cases looked at. */
    public static final int SAMPLE = 256;
    /** A unit activation is saturated when σ'(z) is below this share of σ's largest derivative. */
    public static final double SATURATION_LEVEL = 0.01;
    /** Share of saturated unit activations from which a layer is reported. */
    public static final double SATURATED_SHARE = 0.5;
    /** RMS δ of the first layer over that of the output layer at or below which gradients vanish. */
    public static final double VANISHING_RATIO = 1e-3;
    /** Inputs beyond ± this are taken as unscaled. */
    public static final double INPUT_LIMIT = 10;
    /** Share of input values beyond {@link #INPUT_LIMIT} from which the inputs are reported. */
    public static final double INPUT_SHARE = 0.01;

    private final Network network;
    private final Dataset data;
    private final Loss loss;
    private final Consumer<String> sink;
    private final int[] sample;
    private final Backpropagation pass;
    private final float[] gradient;
    private final boolean[] saturationWarned;
    private boolean vanishingWarned;
    private final List<String> given = new ArrayList<>();

    /**
     * Creates the listener and checks the inputs' scale at once.
     *
     * @param network the network being trained (read, never changed)
     * @param train its training data
     * @param loss the loss it is trained with
     * @param warnings receives each warning, one line of text
     */
    public Diagnostics(Network network, Dataset train, Loss loss, Consumer<String> warnings) {
        this.network = Objects.requireNonNull(network, "network");
        this.data = Objects.requireNonNull(train, "train");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.sink = Objects.requireNonNull(warnings, "warnings");
        if (train.inputs() != network.inputSize() || train.outputs() != network.outputSize()) {
            throw new IllegalArgumentException("data with " + train.inputs() + " inputs and " + train.outputs()
                    + " targets per case do not fit network " + network.layout());
        }
        int n = Math.min(SAMPLE, train.size());
        sample = new int[n];
        for (int k = 0; k < n; k++) {
            sample[k] = (int) ((long) k * train.size() / n);
        }
        pass = n == 0 ? null : new Backpropagation(network, Kernels.scalar(), n);
        gradient = new float[network.layout().size()];
        saturationWarned = new boolean[network.layers()];
        checkInputs();
    }

    private void checkInputs() {
        float[] x = data.x();
        long total = (long) data.size() * data.inputs();
        long beyond = 0;
        float largest = 0;
        for (long j = 0; j < total; j++) {
            float v = Math.abs(x[(int) j]);
            if (v > INPUT_LIMIT) {
                beyond++;
            }
            largest = Math.max(largest, v);
        }
        if (total > 0 && beyond >= INPUT_SHARE * total) {
            warn(String.format(Locale.ROOT, "%.1f%% of the training inputs lie outside ±%s (largest |x| = %s): "
                    + "the inputs look unscaled, which saturates units and slows learning; scale them (minmax or "
                    + "standard)", 100.0 * beyond / total, fmt(INPUT_LIMIT), fmt(largest)));
        }
    }

    @Override
    public void onEpochEnd(EpochRecord record) {
        check(record.epoch());
    }

    /**
     * Runs the layer checks now (the listener calls this at every epoch end).
     *
     * @param epoch the epoch just finished, from 0 (messages count from 1, as the progress lines)
     */
    public void check(int epoch) {
        if (pass == null) {
            return;
        }
        int n = sample.length;
        pass.gather(data.x(), data.y(), sample, 0, n);
        pass.forward(n);
        pass.backward(loss, n, gradient);
        int layers = network.layers();
        for (int i = 0; i < layers; i++) {
            String act = network.activation(i).name();
            boolean sigmoid = act.equals("sigmoid");
            if (saturationWarned[i] || !(sigmoid || act.equals("tanh"))) {
                continue;
            }
            float[] a = pass.activationsOfSeedLayer(i + 2, n);
            int saturated = 0;
            for (float v : a) {
                double derivative = sigmoid ? v * (1.0 - v) / 0.25 : 1.0 - (double) v * v;   // over its maximum
                if (derivative < SATURATION_LEVEL) {
                    saturated++;
                }
            }
            if (saturated >= SATURATED_SHARE * a.length) {
                saturationWarned[i] = true;
                warn(String.format(Locale.ROOT, "after epoch %d: layer index %d (seed layer %d; %s, %d units) is saturated: %.0f%% of its "
                        + "activations over %d training cases have σ'(z) below %s%% of its maximum, so its units hardly "
                        + "learn; scale the inputs, use a smaller learning rate or initial weights, or relu",
                        epoch + 1, i, i + 2, act, network.layout().units(i), 100.0 * saturated / a.length, n,
                        fmt(100 * SATURATION_LEVEL)));
            }
        }
        if (!vanishingWarned && layers >= 2) {
            double out = rms(pass.deltasOfSeedLayer(layers + 1, n));
            double first = rms(pass.deltasOfSeedLayer(2, n));
            if (out > 0 && Double.isFinite(out) && first <= VANISHING_RATIO * out) {
                vanishingWarned = true;
                warn(String.format(Locale.ROOT, "after epoch %d: the error signal vanishes: RMS δ is %.3g at the "
                        + "output layer (layer index %d, seed layer %d) but %.3g at the first layer (layer index 0, seed layer 2), "
                        + "a ratio of %.1e, so the "
                        + "first layers hardly learn; try relu or tanh hidden layers, Xavier or He initialization, or "
                        + "fewer layers", epoch + 1, out, layers - 1, layers + 1, first, first / out));
            }
        }
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private void warn(String message) {
        given.add(message);
        sink.accept(message);
    }

    /** @return the warnings given so far, in order (unmodifiable) */
    public List<String> warnings() {
        return Collections.unmodifiableList(given);
    }
}
