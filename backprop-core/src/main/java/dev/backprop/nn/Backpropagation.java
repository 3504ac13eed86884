package dev.backprop.nn;

import dev.backprop.math.Kernels;

/**
 * The seed's equations, for a mini-batch held as a matrix with one column per case.
 *
 * <p>Layers are numbered as in the seed: layer 1 is the input layer (a^1 = x) and layer L the
 * output layer; layer l ≥ 2 has n_l units, W^l (n_l × n_(l−1)) and b^l (n_l × 1). For B cases:
 * <pre>
 *   forward, l = 2..L:    z^l = W^l a^(l−1) + b^l                   (n_l × B)
 *                         a^l = σ(z^l)                               (n_l × B)
 *   backward, l = L..2:   δ^l = ∂E/∂a^l ⊙ σ'(z^l)                    (n_l × B)
 *                         ∂E/∂W^l = δ^l (a^(l−1))ᵀ                   (n_l × n_(l−1))
 *                         ∂E/∂b^l = δ^l, summed over the cases        (n_l × 1)
 *                         ∂E/∂a^(l−1) = (W^l)ᵀ δ^l                   (n_(l−1) × B)
 * </pre>
 * Because E = Σ_c E_c, the products over the B columns sum the per-case gradients. Every matrix
 * and elementwise operation goes through {@link Kernels}; all buffers are allocated once, when the
 * pass is made, so a pass allocates nothing. The buffers hold one case after another, so in storage order each
 * (n × B) matrix above is its transpose, a row-major (B × n) matrix; each kernel call says so.
 */
public final class Backpropagation {
    private final Network network;
    private final ParameterLayout layout;
    private final Kernels kernels;
    private final Workspace ws;
    /** L: the number of the output layer. */
    private final int L;
    /** n[l]: units in layer l, l = 1..L. */
    private final int[] n;
    private boolean inputGradient;

    /**
     * @param network the network whose parameters are used (live: changes to them are seen)
     * @param kernels the matrix kernels
     * @param capacity the most cases one pass will hold
     */
    public Backpropagation(Network network, Kernels kernels, int capacity) {
        this.network = network;
        this.layout = network.layout();
        this.kernels = kernels;
        this.ws = new Workspace(layout, capacity);
        int[] sizes = layout.sizes();
        this.L = sizes.length;
        this.n = new int[L + 1];
        for (int l = 1; l <= L; l++) {
            n[l] = sizes[l - 1];
        }
    }

    /**
     * @param network the network
     * @param capacity the most cases one pass will hold
     */
    public Backpropagation(Network network, int capacity) {
        this(network, Kernels.defaults(), capacity);
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return the most cases one pass can hold */
    public int capacity() {
        return ws.capacity;
    }

    /**
     * Whether {@link #backward} also computes ∂E/∂a^1, the gradient with respect to the inputs
     * (not needed for training; off by default).
     *
     * @param on true to compute it
     */
    public void computeInputGradient(boolean on) {
        this.inputGradient = on;
    }

    /**
     * Copies cases {@code first .. first+cases−1} of x and y (case-major: case c at c × width) into
     * a^1 and the target buffer.
     *
     * @param x inputs, n_1 values per case
     * @param y desired outputs, n_L values per case; may be null for a forward pass only
     * @param first first case
     * @param cases how many cases, ≤ capacity
     */
    public void load(float[] x, float[] y, int first, int cases) {
        checkCases(cases);
        checkLength(x, first, cases, n[1], "inputs");
        if (y != null) {
            checkLength(y, first, cases, n[L], "targets");
        }
        System.arraycopy(x, first * n[1], ws.a[1], 0, cases * n[1]);
        if (y != null) {
            System.arraycopy(y, first * n[L], ws.y, 0, cases * n[L]);
        }
    }

    /**
     * Gathers the cases {@code order[from .. from+cases−1]} of x and y into a^1 and the target buffer.
     *
     * @param x inputs, n_1 values per case
     * @param y desired outputs, n_L values per case
     * @param order case indices
     * @param from first position in {@code order}
     * @param cases how many cases, ≤ capacity
     */
    public void gather(float[] x, float[] y, int[] order, int from, int cases) {
        checkCases(cases);
        for (int c = 0; c < cases; c++) {
            int k = order[from + c];
            System.arraycopy(x, k * n[1], ws.a[1], c * n[1], n[1]);
            System.arraycopy(y, k * n[L], ws.y, c * n[L], n[L]);
        }
    }

    /**
     * The forward pass over the loaded cases: for l = 2..L, z^l = W^l a^(l−1) + b^l and a^l = σ(z^l).
     *
     * @param cases number of loaded cases
     */
    public void forward(int cases) {
        checkCases(cases);
        for (int l = 2; l <= L; l++) {
            weightedInput(l, cases);
            activate(l, cases);
        }
    }

    /**
     * The backward pass after {@link #forward}: δ^L from the loss, then for l = L..2 the four
     * equations, writing ∂E/∂W^l and ∂E/∂b^l into {@code gradient} at the offsets of
     * {@link ParameterLayout} (overwriting it).
     *
     * @param loss the error function E
     * @param cases number of loaded cases
     * @param gradient the flat gradient vector, written
     * @return E = Σ_c E_c over the loaded cases
     */
    public double backward(Loss loss, int cases, float[] gradient) {
        checkCases(cases);
        double E = loss.value(ws.z[L], ws.a[L], ws.y, 0, n[L], cases);
        outputDelta(loss, cases);
        for (int l = L; l >= 2; l--) {
            if (l < L) {
                delta(l, cases);
            }
            weightGradient(l, cases, gradient);
            biasGradient(l, cases, gradient);
            if (l > 2 || inputGradient) {
                errorBack(l, cases);
            }
        }
        return E;
    }

    /**
     * Online gradient descent fused into the backward pass, for one loaded case: the same four
     * equations as {@link #backward}, and at each layer, once ∂E/∂a^(l−1) = (W^l)ᵀ δ^l has used
     * W^l, the seed's step w ← w − η ∂E/∂w with ∂E/∂W^l = δ^l (a^(l−1))ᵀ applied in place
     * ({@link Kernels#rankOneDescent}), without writing the gradient out: one pass over the
     * weights instead of three. Every gradient still uses the weights from before the step, and
     * the bits equal those of {@link #backward} followed by {@code GradientDescent.step}.
     *
     * @param loss the error function E
     * @param eta the step η (times the gradient's scale)
     * @return E for the case; if it is NaN or infinite, no step is taken
     */
    public double backwardDescent(Loss loss, float eta) {
        checkCases(1);
        float[] w = network.parameters();
        double E = loss.value(ws.z[L], ws.a[L], ws.y, 0, n[L], 1);
        if (!Double.isFinite(E)) {
            return E;                       // no step on a diverged case: the caller stops
        }
        outputDelta(loss, 1);
        for (int l = L; l >= 2; l--) {
            if (l < L) {
                delta(l, 1);
            }
            if (l > 2 || inputGradient) {
                errorBack(l, 1);
            }
            // W (n_l × n_(l−1)) −= η δ aᵀ, one case: the step on ∂E/∂W^l = δ^l (a^(l−1))ᵀ
            kernels.rankOneDescent(eta, ws.delta[l], 0, n[l], ws.a[l - 1], 0, n[l - 1], w, layout.weightOffset(l - 2));
            int b = layout.biasOffset(l - 2);
            for (int d = 0; d < n[l]; d++) {
                w[b + d] -= eta * (0f + ws.delta[l][d]);      // ∂E/∂b^l = δ^l, summed from 0 as the kernels do
            }
        }
        return E;
    }

    /**
     * z^l = W^l a^(l−1) + b^l, the bias added to the product (in its own rounding, after the sum).
     * Shapes: (n_l × B) = (n_l × n_(l−1)) (n_(l−1) × B) + (n_l × 1).
     */
    private void weightedInput(int l, int B) {
        float[] w = network.parameters();
        // zᵀ (B × n_l) = aᵀ (B × n_(l−1)) Wᵀ + 1 bᵀ, i.e. z = W a + b
        kernels.affine(false, true, B, n[l], n[l - 1],
                ws.a[l - 1], 0, n[l - 1],
                w, layout.weightOffset(l - 2), n[l - 1],
                w, layout.biasOffset(l - 2),
                ws.z[l], 0, n[l]);
    }

    /** a^l = σ(z^l). Shapes: (n_l × B). */
    private void activate(int l, int B) {
        // aᵀ (B × n_l) = σ(zᵀ), elementwise
        network.activation(l - 2).forward(kernels, ws.z[l], ws.a[l], 0, n[l], B);
    }

    /**
     * δ^L = ∂E/∂a^L ⊙ σ'(z^L) at the output layer, with ∂E/∂a^L from the loss; for softmax +
     * cross-entropy and sigmoid + binary cross-entropy the loss gives δ^L = ∂E/∂z^L in closed form
     * (exact, and free of the divisions by a^L that ∂E/∂a^L has), and ∂E/∂a^L is not computed.
     * Shapes: (n_L × B).
     */
    private void outputDelta(Loss loss, int B) {
        Activation sigma = network.outputActivation();
        if (loss.fusedWith(sigma)) {
            loss.outputDelta(ws.a[L], ws.y, ws.delta[L], 0, n[L], B);
        } else {
            loss.gradient(ws.a[L], ws.y, ws.dEda[L], 0, n[L], B);
            // δᵀ (B × n_L) = (∂E/∂a)ᵀ ⊙ σ'(zᵀ), elementwise
            sigma.backward(kernels, ws.z[L], ws.a[L], ws.dEda[L], ws.delta[L], 0, n[L], B);
        }
    }

    /** δ^l = ∂E/∂a^l ⊙ σ'(z^l). Shapes: (n_l × B). */
    private void delta(int l, int B) {
        // δᵀ (B × n_l) = (∂E/∂a)ᵀ ⊙ σ'(zᵀ), elementwise
        network.activation(l - 2).backward(kernels, ws.z[l], ws.a[l], ws.dEda[l], ws.delta[l], 0, n[l], B);
    }

    /**
     * ∂E/∂W^l = δ^l (a^(l−1))ᵀ, summing the B per-case outer products.
     * Shapes: (n_l × n_(l−1)) = (n_l × B) (B × n_(l−1)).
     */
    private void weightGradient(int l, int B, float[] gradient) {
        // ∂E/∂W (n_l × n_(l−1)) = (δᵀ)ᵀ aᵀ, δᵀ (B × n_l) and aᵀ (B × n_(l−1)), i.e. δ aᵀ
        kernels.gemm(true, false, n[l], n[l - 1], B,
                ws.delta[l], 0, n[l],
                ws.a[l - 1], 0, n[l - 1],
                gradient, layout.weightOffset(l - 2), n[l - 1]);
    }

    /** ∂E/∂b^l = δ^l, summed over the B cases. Shapes: (n_l × 1). */
    private void biasGradient(int l, int B, float[] gradient) {
        // ∂E/∂bᵀ (1 × n_l) = the column sums of δᵀ (B × n_l), i.e. δ 1
        kernels.columnSums(ws.delta[l], 0, B, n[l], gradient, layout.biasOffset(l - 2));
    }

    /**
     * ∂E/∂a^(l−1) = (W^l)ᵀ δ^l.
     * Shapes: (n_(l−1) × B) = (n_(l−1) × n_l) (n_l × B).
     */
    private void errorBack(int l, int B) {
        // (∂E/∂a^(l−1))ᵀ (B × n_(l−1)) = δᵀ (B × n_l) W (n_l × n_(l−1)), i.e. ∂E/∂a^(l−1) = Wᵀ δ
        kernels.gemm(false, false, B, n[l - 1], n[l],
                ws.delta[l], 0, n[l],
                network.parameters(), layout.weightOffset(l - 2), n[l - 1],
                ws.dEda[l - 1], 0, n[l - 1]);
    }

    private static void checkLength(float[] v, int first, int cases, int width, String what) {
        if (first < 0 || (long) (first + cases) * width > v.length) {
            throw new IllegalArgumentException(what + " hold " + v.length + " values (" + v.length / width + " cases of "
                    + width + "); cases " + first + ".." + (first + cases - 1) + " were asked for");
        }
    }

    private void checkCases(int cases) {
        if (cases < 1 || cases > ws.capacity) {
            throw new IllegalArgumentException("a pass holds 1.." + ws.capacity + " cases, got " + cases);
        }
    }

    // ---- read-out, for explain, tests and metrics (these copy); by seed layer, as the equations ----

    /**
     * @param seedLayer seed layer number l, 1..L (1 is the input layer; layer index l − 2)
     * @param cases number of loaded cases
     * @return a^l after {@link #forward}, (n_l × cases), case c at c × n_l
     */
    public float[] activationsOfSeedLayer(int seedLayer, int cases) {
        layout.checkSeedLayer(seedLayer, 1);
        return java.util.Arrays.copyOf(ws.a[seedLayer], n[seedLayer] * cases);
    }

    /**
     * @param seedLayer seed layer number l, 2..L (layer index l − 2)
     * @param cases number of loaded cases
     * @return z^l after {@link #forward}
     */
    public float[] weightedInputsOfSeedLayer(int seedLayer, int cases) {
        layout.checkSeedLayer(seedLayer, 2);
        return java.util.Arrays.copyOf(ws.z[seedLayer], n[seedLayer] * cases);
    }

    /**
     * @param seedLayer seed layer number l, 2..L (layer index l − 2)
     * @param cases number of loaded cases
     * @return δ^l after {@link #backward}
     */
    public float[] deltasOfSeedLayer(int seedLayer, int cases) {
        layout.checkSeedLayer(seedLayer, 2);
        return java.util.Arrays.copyOf(ws.delta[seedLayer], n[seedLayer] * cases);
    }

    /**
     * @param seedLayer seed layer number l, 1..L (1 only with {@link #computeInputGradient}; L only
     *                  when the loss is not fused with the output activation)
     * @param cases number of loaded cases
     * @return ∂E/∂a^l after {@link #backward}
     */
    public float[] errorGradientsOfSeedLayer(int seedLayer, int cases) {
        layout.checkSeedLayer(seedLayer, 1);
        return java.util.Arrays.copyOf(ws.dEda[seedLayer], n[seedLayer] * cases);
    }

    /**
     * The live output buffer a^L (no copy), for callers that read predictions without allocating.
     *
     * @return a^L, valid for the cases of the last {@link #forward}
     */
    public float[] output() {
        return ws.a[L];
    }

    /**
     * The live z^L buffer (no copy).
     *
     * @return z^L, valid for the cases of the last {@link #forward}
     */
    public float[] outputWeightedInput() {
        return ws.z[L];
    }

    /**
     * The live target buffer (no copy).
     *
     * @return y of the loaded cases
     */
    public float[] target() {
        return ws.y;
    }
}
