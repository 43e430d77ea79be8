package io.began.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Everything that defines a BEGAN run: the data, the architecture (paper §3.5) and the hyper-parameters of §3.4.
 * The same keys name the JSON config of the trainer service and the flags of {@code ./began train}.
 *
 * @param dataset           dataset spec, see {@link io.began.core.data.Datasets}
 * @param imageSize         32, 64 or 128; the autoencoder has log2(imageSize) − 2 blocks down to an 8×8 bottleneck
 * @param channels          1 (grayscale) or 3 (RGB)
 * @param n                 filters of the first block; block i has n·(i+1) in the encoder and n in the decoders
 * @param h                 size of the embedding and of z (N_h = N_z)
 * @param batchSize         images per step
 * @param gamma             diversity ratio γ = E[L(G(z))] / E[L(x)]
 * @param lambdaK           proportional gain λ_k of the equilibrium controller
 * @param eta               exponent η of the reconstruction loss, 1 or 2
 * @param lr                initial learning rate of both Adams
 * @param lrFloor           the learning rate is never halved below this
 * @param lrStallWindow     steps per window of mean M_global; a window not better than the best by lrStallTolerance halves lr
 * @param lrStallTolerance  relative improvement of M_global a window must make not to count as a stall
 * @param lrHalveEvery      if &gt; 0, halve the learning rate every this many steps instead of on stalls
 * @param steps             total steps of the run
 * @param checkpointEvery   steps between checkpoints
 * @param metricsEvery      steps between metrics records (each one reads losses to the host)
 * @param seed              seeds initialisation, z, and the data order; equal seeds give equal runs on CPU
 * @param skip              the skip connections of §3.5.1 (h0 upsampled and concatenated after each upsampling)
 * @param sharedZ           use one z for the D and G updates (carpedm20) instead of independent z_D and z_G
 * @param k0                initial k_t
 * @param outputActivation  {@code none} (the paper: images clipped only when rendered) or {@code tanh} after the last
 *                          convolution of both decoders (znxlwm/pytorch-generative-model-collections' BEGAN)
 * @param init              {@code glorot} (uniform, as TF's slim layers) or {@code truncated-normal}: σ 0.01, cut at
 *                          2σ, the initialisation of the authors' own layers (david-berthelot/tf_img_tech)
 * @param lrG               the generator's initial learning rate ({@code lr} is the discriminator's); halved with it,
 *                          so their ratio stays (hwalsuklee/tensorflow-generative-model-collections: 5× D's)
 * @param elu               {@code paper}: an ELU after every convolution but the decoders' last (Figure 1);
 *                          {@code authors}: none after the encoder's first and its down-sampling convolutions either,
 *                          as the authors' layers have it
 * @param emaDecay          decay of the generator's exponential moving average G_ema (StyleGAN2-ADA, StudioGAN),
 *                          warmed up as min(decay, (1+t)/(10+t)); 0 keeps no average. It never feeds back into
 *                          training: the paper's dynamics are the same with it on or off
 * @param flip              mirror each real image left to right with probability ½ (drawn from the seed and the
 *                          image's position in the stream, so resume stays exact)
 * @param pullAway          weight of EBGAN's pull-away term (Zhao et al. 2016, eq. 6) on the encoder's codes of
 *                          G(z_G), added to the generator's loss; 0 (the paper) adds nothing
 */
public record RunConfig(
        String dataset,
        int imageSize,
        int channels,
        int n,
        int h,
        int batchSize,
        double gamma,
        double lambdaK,
        int eta,
        double lr,
        double lrFloor,
        int lrStallWindow,
        double lrStallTolerance,
        int lrHalveEvery,
        int steps,
        int checkpointEvery,
        int metricsEvery,
        long seed,
        boolean skip,
        boolean sharedZ,
        double k0,
        String outputActivation,
        String init,
        double lrG,
        String elu,
        double emaDecay,
        boolean flip,
        double pullAway) {

    public static final String DEFAULT_DATASET = "fashion-mnist";
    /** G_ema's default decay: a horizon of about 1000 steps; it changes nothing in training (see emaDecay). */
    public static final double DEFAULT_EMA_DECAY = 0.999;

    /** Validates on construction, so no invalid config exists anywhere. */
    public RunConfig {
        require(dataset != null && !dataset.isBlank(), "dataset", "must name a dataset");
        require(imageSize == 32 || imageSize == 64 || imageSize == 128, "imageSize", "must be 32, 64 or 128");
        require(channels == 1 || channels == 3, "channels", "must be 1 or 3");
        require(n >= 1 && n <= 1024, "n", "must be in [1, 1024]");
        require(h >= 1 && h <= 4096, "h", "must be in [1, 4096]");
        require(batchSize >= 1 && batchSize <= 4096, "batchSize", "must be in [1, 4096]");
        require(gamma > 0 && gamma <= 1, "gamma", "must be in (0, 1]");
        require(lambdaK >= 0 && lambdaK <= 1, "lambdaK", "must be in [0, 1]");
        require(eta == 1 || eta == 2, "eta", "must be 1 or 2");
        require(lr > 0 && lr < 1, "lr", "must be in (0, 1)");
        require(lrFloor > 0 && lrFloor <= lr, "lrFloor", "must be in (0, lr]");
        require(lrStallWindow >= 1, "lrStallWindow", "must be >= 1");
        require(lrStallTolerance >= 0 && lrStallTolerance < 1, "lrStallTolerance", "must be in [0, 1)");
        require(lrHalveEvery >= 0, "lrHalveEvery", "must be >= 0 (0 = halve on stalls)");
        require(steps >= 1, "steps", "must be >= 1");
        require(checkpointEvery >= 1, "checkpointEvery", "must be >= 1");
        require(metricsEvery >= 1, "metricsEvery", "must be >= 1");
        require(k0 >= 0 && k0 <= 1, "k0", "must be in [0, 1]");
        require(
                "none".equals(outputActivation) || "tanh".equals(outputActivation),
                "outputActivation",
                "must be none or tanh");
        require("glorot".equals(init) || "truncated-normal".equals(init), "init", "must be glorot or truncated-normal");
        require(lrG > 0 && lrG < 1, "lrG", "must be in (0, 1)");
        require("paper".equals(elu) || "authors".equals(elu), "elu", "must be paper or authors");
        require(emaDecay >= 0 && emaDecay < 1, "emaDecay", "must be in [0, 1) (0 = no G_ema)");
        require(pullAway >= 0 && pullAway <= 100, "pullAway", "must be in [0, 100] (0 = off)");
    }

    /** Whether the run keeps G_ema beside G. */
    public boolean ema() {
        return emaDecay > 0;
    }

    /** tanh after the decoders' last convolution. */
    public boolean tanhOutput() {
        return "tanh".equals(outputActivation);
    }

    /** The authors' placement of ELU: none after the encoder's first and down-sampling convolutions. */
    public boolean authorsElu() {
        return "authors".equals(elu);
    }

    /** The paper's defaults (§3.4, §4): γ=0.5, λ_k=0.001, k_0=0, lr 8e-5 halved on stalls down to 2e-5; 64 filters at 32×32. */
    public static RunConfig defaults() {
        return builder().build();
    }

    /** JSON and flags: an absent key takes the default; channels default to the dataset's own (1 for the MNISTs). */
    @JsonCreator
    public static RunConfig of(
            @JsonProperty("dataset") String dataset,
            @JsonProperty("imageSize") Integer imageSize,
            @JsonProperty("channels") Integer channels,
            @JsonProperty("n") Integer n,
            @JsonProperty("h") Integer h,
            @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("gamma") Double gamma,
            @JsonProperty("lambdaK") Double lambdaK,
            @JsonProperty("eta") Integer eta,
            @JsonProperty("lr") Double lr,
            @JsonProperty("lrFloor") Double lrFloor,
            @JsonProperty("lrStallWindow") Integer lrStallWindow,
            @JsonProperty("lrStallTolerance") Double lrStallTolerance,
            @JsonProperty("lrHalveEvery") Integer lrHalveEvery,
            @JsonProperty("steps") Integer steps,
            @JsonProperty("checkpointEvery") Integer checkpointEvery,
            @JsonProperty("metricsEvery") Integer metricsEvery,
            @JsonProperty("seed") Long seed,
            @JsonProperty("skip") Boolean skip,
            @JsonProperty("sharedZ") Boolean sharedZ,
            @JsonProperty("k0") Double k0,
            @JsonProperty("outputActivation") String outputActivation,
            @JsonProperty("init") String init,
            @JsonProperty("lrG") Double lrG,
            @JsonProperty("elu") String elu,
            @JsonProperty("emaDecay") Double emaDecay,
            @JsonProperty("flip") Boolean flip,
            @JsonProperty("pullAway") Double pullAway) {
        String ds = or(dataset, DEFAULT_DATASET);
        double lrD = or(lr, 8e-5);
        return new RunConfig(
                ds,
                or(imageSize, 32),
                or(channels, defaultChannels(ds)),
                or(n, 64),
                or(h, 64),
                or(batchSize, 16),
                or(gamma, 0.5),
                or(lambdaK, 0.001),
                or(eta, 1),
                lrD,
                or(lrFloor, 2e-5),
                or(lrStallWindow, 1000),
                or(lrStallTolerance, 0.01),
                or(lrHalveEvery, 0),
                or(steps, 10_000),
                or(checkpointEvery, 500),
                or(metricsEvery, 10),
                or(seed, 1L),
                or(skip, false),
                or(sharedZ, false),
                or(k0, 0.0),
                or(outputActivation, "none"),
                or(init, "glorot"),
                or(lrG, lrD),
                or(elu, "paper"),
                or(emaDecay, DEFAULT_EMA_DECAY),
                or(flip, false),
                or(pullAway, 0.0));
    }

    /** A config from the keys set; the others take their defaults, as in JSON: {@code builder().imageSize(64).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The keys of a config by name; what is not set (or set to null) takes the default ({@link #of}). */
    public static final class Builder {
        private String dataset;
        private Integer imageSize;
        private Integer channels;
        private Integer n;
        private Integer h;
        private Integer batchSize;
        private Double gamma;
        private Double lambdaK;
        private Integer eta;
        private Double lr;
        private Double lrFloor;
        private Integer lrStallWindow;
        private Double lrStallTolerance;
        private Integer lrHalveEvery;
        private Integer steps;
        private Integer checkpointEvery;
        private Integer metricsEvery;
        private Long seed;
        private Boolean skip;
        private Boolean sharedZ;
        private Double k0;
        private String outputActivation;
        private String init;
        private Double lrG;
        private String elu;
        private Double emaDecay;
        private Boolean flip;
        private Double pullAway;

        private Builder() {}

        public Builder dataset(String value) {
            this.dataset = value;
            return this;
        }

        public Builder imageSize(Integer value) {
            this.imageSize = value;
            return this;
        }

        public Builder channels(Integer value) {
            this.channels = value;
            return this;
        }

        public Builder n(Integer value) {
            this.n = value;
            return this;
        }

        public Builder h(Integer value) {
            this.h = value;
            return this;
        }

        public Builder batchSize(Integer value) {
            this.batchSize = value;
            return this;
        }

        public Builder gamma(Double value) {
            this.gamma = value;
            return this;
        }

        public Builder lambdaK(Double value) {
            this.lambdaK = value;
            return this;
        }

        public Builder eta(Integer value) {
            this.eta = value;
            return this;
        }

        public Builder lr(Double value) {
            this.lr = value;
            return this;
        }

        public Builder lrFloor(Double value) {
            this.lrFloor = value;
            return this;
        }

        public Builder lrStallWindow(Integer value) {
            this.lrStallWindow = value;
            return this;
        }

        public Builder lrStallTolerance(Double value) {
            this.lrStallTolerance = value;
            return this;
        }

        public Builder lrHalveEvery(Integer value) {
            this.lrHalveEvery = value;
            return this;
        }

        public Builder steps(Integer value) {
            this.steps = value;
            return this;
        }

        public Builder checkpointEvery(Integer value) {
            this.checkpointEvery = value;
            return this;
        }

        public Builder metricsEvery(Integer value) {
            this.metricsEvery = value;
            return this;
        }

        public Builder seed(Long value) {
            this.seed = value;
            return this;
        }

        public Builder skip(Boolean value) {
            this.skip = value;
            return this;
        }

        public Builder sharedZ(Boolean value) {
            this.sharedZ = value;
            return this;
        }

        public Builder k0(Double value) {
            this.k0 = value;
            return this;
        }

        public Builder outputActivation(String value) {
            this.outputActivation = value;
            return this;
        }

        public Builder init(String value) {
            this.init = value;
            return this;
        }

        public Builder lrG(Double value) {
            this.lrG = value;
            return this;
        }

        public Builder elu(String value) {
            this.elu = value;
            return this;
        }

        public Builder emaDecay(Double value) {
            this.emaDecay = value;
            return this;
        }

        public Builder flip(Boolean value) {
            this.flip = value;
            return this;
        }

        public Builder pullAway(Double value) {
            this.pullAway = value;
            return this;
        }

        public RunConfig build() {
            return of(
                    dataset,
                    imageSize,
                    channels,
                    n,
                    h,
                    batchSize,
                    gamma,
                    lambdaK,
                    eta,
                    lr,
                    lrFloor,
                    lrStallWindow,
                    lrStallTolerance,
                    lrHalveEvery,
                    steps,
                    checkpointEvery,
                    metricsEvery,
                    seed,
                    skip,
                    sharedZ,
                    k0,
                    outputActivation,
                    init,
                    lrG,
                    elu,
                    emaDecay,
                    flip,
                    pullAway);
        }
    }

    /** Grayscale for the MNIST family, RGB for everything else. */
    public static int defaultChannels(String dataset) {
        String d = dataset == null ? DEFAULT_DATASET : dataset.toLowerCase(Locale.ROOT);
        return d.startsWith("fashion-mnist") || d.startsWith("mnist") || d.startsWith("idx:") ? 1 : 3;
    }

    /** Number of encoder/decoder blocks: one per scale from imageSize down to the 8×8 bottleneck. */
    public int blocks() {
        return Integer.numberOfTrailingZeros(imageSize) - 2;
    }

    public RunConfig withSteps(int newSteps) {
        return new RunConfig(
                dataset,
                imageSize,
                channels,
                n,
                h,
                batchSize,
                gamma,
                lambdaK,
                eta,
                lr,
                lrFloor,
                lrStallWindow,
                lrStallTolerance,
                lrHalveEvery,
                newSteps,
                checkpointEvery,
                metricsEvery,
                seed,
                skip,
                sharedZ,
                k0,
                outputActivation,
                init,
                lrG,
                elu,
                emaDecay,
                flip,
                pullAway);
    }

    /** This config with G_ema's decay (0: none). */
    public RunConfig withEmaDecay(double decay) {
        return new RunConfig(
                dataset,
                imageSize,
                channels,
                n,
                h,
                batchSize,
                gamma,
                lambdaK,
                eta,
                lr,
                lrFloor,
                lrStallWindow,
                lrStallTolerance,
                lrHalveEvery,
                steps,
                checkpointEvery,
                metricsEvery,
                seed,
                skip,
                sharedZ,
                k0,
                outputActivation,
                init,
                lrG,
                elu,
                decay,
                flip,
                pullAway);
    }

    /** This config with flips of the real images on or off. */
    public RunConfig withFlip(boolean mirror) {
        return new RunConfig(
                dataset,
                imageSize,
                channels,
                n,
                h,
                batchSize,
                gamma,
                lambdaK,
                eta,
                lr,
                lrFloor,
                lrStallWindow,
                lrStallTolerance,
                lrHalveEvery,
                steps,
                checkpointEvery,
                metricsEvery,
                seed,
                skip,
                sharedZ,
                k0,
                outputActivation,
                init,
                lrG,
                elu,
                emaDecay,
                mirror,
                pullAway);
    }

    /** This config with the pull-away term's weight (0: off). */
    public RunConfig withPullAway(double weight) {
        return new RunConfig(
                dataset,
                imageSize,
                channels,
                n,
                h,
                batchSize,
                gamma,
                lambdaK,
                eta,
                lr,
                lrFloor,
                lrStallWindow,
                lrStallTolerance,
                lrHalveEvery,
                steps,
                checkpointEvery,
                metricsEvery,
                seed,
                skip,
                sharedZ,
                k0,
                outputActivation,
                init,
                lrG,
                elu,
                emaDecay,
                flip,
                weight);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidConfigException(field, message);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
