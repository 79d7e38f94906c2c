package dev.assay.protocol.learn;

import dev.assay.core.AssayException;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The learned protocol model: multi-class gradient-boosted trees (XGBoost, {@code multi:softprob}; Chen and Guestrin
 * 2016) over {@link FlowFeatures}, a temperature that calibrates its probabilities (Guo et al. 2017) and an open-set
 * threshold under which its answer is Unknown, both fitted on predictions for capture FILES the predicting trees did
 * not learn from (never on flows of a file they saw).
 * Protocols with fewer than {@link TrainingParams#minClassFlows()} flows become the class {@link #OTHER}, which stands
 * for "none of the protocols the model knows". With one thread and the histogram method, the same flows and seed give
 * the same trees. Prediction is thread safe (XGBoost's predictors are); a prediction costs the trees' depth times
 * rounds times classes comparisons.
 */
public final class LearnedModel {
    /** The class of every protocol too rare to learn: an answer of it is an Unknown. */
    public static final String OTHER = "(other)";

    private final Booster booster;
    private final List<String> labels;
    private final double temperature;
    private final double threshold;
    private final Provenance provenance;

    LearnedModel(Booster booster, List<String> labels, double temperature, double threshold, Provenance provenance) {
        this.booster = Objects.requireNonNull(booster, "booster");
        this.labels = List.copyOf(labels);
        if (this.labels.size() < 2) throw new IllegalArgumentException("a model needs at least two classes, but had " + this.labels);
        if (!(temperature > 0 && Double.isFinite(temperature))) throw new IllegalArgumentException("temperature must be positive, but was " + temperature);
        if (!(threshold >= 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in [0, 1), but was " + threshold);
        this.temperature = temperature;
        this.threshold = threshold;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * Trains on labelled flows of at least two capture files. A protocol becomes a class when it has at least
     * {@link TrainingParams#minClassFlows()} flows in at least {@value #MIN_CLASS_FILES} files; the others are
     * {@link #OTHER}. Calibration is cross-fitted by file: the files are shuffled with the seed and dealt into
     * {@link TrainingParams#folds()} folds, a model of the same settings is trained without each fold and predicts
     * its flows, and the temperature and threshold are fitted on those out-of-fold predictions, so no flow is judged
     * by trees that learned from its own file. The model kept is then trained on every file.
     *
     * @throws InvalidInputException when the flows come from fewer files than folds or give fewer than two classes
     */
    public static LearnedModel train(List<LabelledFlow> flows, TrainingParams params) {
        Objects.requireNonNull(params, "params");
        Map<String, Set<String>> filesOf = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (LabelledFlow f : flows) {
            counts.merge(f.label(), 1, Integer::sum);
            filesOf.computeIfAbsent(f.label(), k -> new HashSet<>()).add(f.file());
        }
        List<String> files = new ArrayList<>(new TreeSet<>(flows.stream().map(LabelledFlow::file).toList()));
        if (files.size() < params.folds())
            throw new InvalidInputException("training needs flows of at least " + params.folds() + " capture files (one per fold), but had " + files.size());
        Collections.shuffle(files, new Random(params.seed()));
        Map<String, Integer> foldOf = new HashMap<>();
        for (int i = 0; i < files.size(); i++) foldOf.put(files.get(i), i % params.folds());

        List<float[]> x = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] fold = new int[flows.size()];
        StringBuilder identity = new StringBuilder();
        for (LabelledFlow f : flows) {
            boolean common = counts.get(f.label()) >= params.minClassFlows() && filesOf.get(f.label()).size() >= MIN_CLASS_FILES;
            float[] v = FlowFeatures.of(f.flow());
            identity.append(f.file()).append('\t').append(f.label()).append('\t').append(Arrays.toString(v)).append('\n');
            fold[x.size()] = foldOf.get(f.file());
            x.add(v);
            names.add(common ? f.label() : OTHER);
        }
        List<String> classes = List.copyOf(new TreeSet<>(names));
        if (classes.size() < 2) throw new InvalidInputException("training needs at least two classes, but had " + classes);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        int[] truth = names.stream().mapToInt(index::get).toArray();

        float[][] outOfFold = new float[x.size()][];
        for (int k = 0; k < params.folds(); k++) {
            List<float[]> trainX = new ArrayList<>();
            List<Integer> trainY = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                if (fold[i] == k) held.add(i);
                else {
                    trainX.add(x.get(i));
                    trainY.add(truth[i]);
                }
            }
            if (held.isEmpty() || trainX.isEmpty()) continue;
            Booster foldModel = fit(trainX, trainY, classes.size(), params);
            float[][] m = margins(foldModel, held.stream().map(x::get).toList());
            for (int i = 0; i < held.size(); i++) outOfFold[held.get(i)] = m[i];
            foldModel.dispose();
        }
        int other = index.getOrDefault(OTHER, -1);
        double temperature = OpenSet.temperature(outOfFold, truth);
        double threshold = OpenSet.threshold(outOfFold, truth, other, temperature, params.unknownShare(), params.minThreshold());
        int[] outcome = OpenSet.outcomes(outOfFold, truth, other, temperature, threshold);
        Booster booster = fit(x, Arrays.stream(truth).boxed().toList(), classes.size(), params);
        Provenance provenance = new Provenance(params, Hashing.sha256Hex(identity.toString().getBytes(StandardCharsets.UTF_8)),
                files.size(), x.size(), outcome[0], outcome[1], outcome[2]);
        return new LearnedModel(booster, classes, temperature, threshold, provenance);
    }

    /** The fewest files a protocol's flows must come from to be a class: one file teaches a capture, not a protocol. */
    public static final int MIN_CLASS_FILES = 2;

    private static Booster fit(List<float[]> x, List<Integer> classOf, int classes, TrainingParams p) {
        float[] y = new float[classOf.size()];
        for (int i = 0; i < y.length; i++) y[i] = classOf.get(i);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "multi:softprob");
        params.put("num_class", classes);
        params.put("max_depth", p.maxDepth());
        params.put("eta", p.eta());
        params.put("tree_method", "hist");
        params.put("max_bin", 256);
        params.put("nthread", 1);
        params.put("seed", p.seed());
        params.put("verbosity", 0);
        try {
            DMatrix train = matrix(x);
            try {
                train.setLabel(y);
                return XGBoost.train(train, params, p.rounds(), Map.of(), null, null);
            } finally {
                train.dispose();
            }
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not train the protocol model: " + e.getMessage(), e);
        }
    }

    /** The classes in margin order; {@link #OTHER} among them when rare protocols were merged. */
    public List<String> labels() {
        return labels;
    }

    /** The calibration temperature: probabilities are {@code softmax(margin / temperature)}. */
    public double temperature() {
        return temperature;
    }

    /** The calibrated probability under which the model's answer is Unknown. */
    public double threshold() {
        return threshold;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The calibrated prediction for one feature vector ({@link FlowFeatures#of}). */
    public Prediction predict(float[] features) {
        float[] m = margins(booster, List.of(checked(features)))[0];
        double[] p = OpenSet.probabilities(m, temperature);
        int top = OpenSet.argmax(p);
        int second = top == 0 ? 1 : 0;
        for (int i = 0; i < p.length; i++) if (i != top && p[i] > p[second]) second = i;
        return new Prediction(labels.get(top), p[top], labels.get(second), p[second], p, m);
    }

    /** The calibrated probability of {@code label} for a feature vector (0 for a label the model has no class for). */
    public double probability(float[] features, String label) {
        int i = labels.indexOf(label);
        return i < 0 ? 0 : predict(features).probabilities()[i];
    }

    /**
     * Each feature's SHAP contribution to each class's margin (TreeSHAP, Lundberg et al. 2020, computed by XGBoost):
     * {@code [class][feature]}, with the bias (the margin's expected value) last, at index {@link FlowFeatures#SIZE};
     * a class's row sums to its margin.
     */
    public float[][] contributions(float[] features) {
        try {
            DMatrix d = matrix(List.of(checked(features)));
            try {
                float[] flat = booster.predictContrib(d, 0)[0];
                int width = FlowFeatures.SIZE + 1;
                if (flat.length != width * labels.size())
                    throw new AssayException("XGBoost gave " + flat.length + " contributions, expected " + width * labels.size());
                float[][] out = new float[labels.size()][];
                for (int c = 0; c < out.length; c++) out[c] = Arrays.copyOfRange(flat, c * width, (c + 1) * width);
                return out;
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not explain a prediction: " + e.getMessage(), e);
        }
    }

    /** The model as one file (format in {@code ModelArtifact}: gzip, header, digest, XGBoost's UBJSON trees). */
    public void write(OutputStream out) throws IOException {
        ModelArtifact.write(this, out);
    }

    /**
     * Reads a model {@link #write} wrote; {@code name} is what errors call the source.
     *
     * @throws InvalidInputException when it is not a model file, is damaged or cut short, or was trained on another
     *     feature layout
     */
    public static LearnedModel read(InputStream in, String name) throws IOException {
        return ModelArtifact.read(in, name);
    }

    /** Reads a model file. */
    public static LearnedModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Where the model this build ships lies among its resources. */
    public static final String SHIPPED = "/dev/assay/protocol/learn/protocols.aplm";

    /**
     * The model this build ships, trained on nDPI's test captures outside the core set (the command that makes it
     * is in docs/BENCHMARKS.md, "Learned stage"). Loaded once.
     */
    public static LearnedModel shipped() {
        return Shipped.MODEL;
    }

    private static final class Shipped {
        static final LearnedModel MODEL = load();

        private static LearnedModel load() {
            try (InputStream in = LearnedModel.class.getResourceAsStream(SHIPPED)) {
                if (in == null) throw new AssayException("this build has no learned protocol model (" + SHIPPED + ")");
                return read(in, SHIPPED);
            } catch (IOException e) {
                throw new AssayException("cannot read the learned protocol model " + SHIPPED + ": " + e.getMessage(), e);
            }
        }
    }

    /** The trees in XGBoost's UBJSON format, loadable by any XGBoost binding. */
    byte[] trees() {
        try {
            return booster.toByteArray("ubj");
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not serialise the protocol model: " + e.getMessage(), e);
        }
    }

    static Booster trees(byte[] ubj) throws XGBoostError {
        try {
            return XGBoost.loadModel(ubj);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float[] checked(float[] features) {
        if (features.length != FlowFeatures.SIZE)
            throw new IllegalArgumentException("a feature vector has " + FlowFeatures.SIZE + " values, but this one had " + features.length);
        return features;
    }

    private static float[][] margins(Booster booster, List<float[]> x) {
        if (x.isEmpty()) return new float[0][];
        try {
            DMatrix d = matrix(x);
            try {
                return booster.predict(d, true);
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new AssayException("XGBoost could not predict: " + e.getMessage(), e);
        }
    }

    private static DMatrix matrix(List<float[]> x) throws XGBoostError {
        float[] flat = new float[x.size() * FlowFeatures.SIZE];
        for (int i = 0; i < x.size(); i++) System.arraycopy(x.get(i), 0, flat, i * FlowFeatures.SIZE, FlowFeatures.SIZE);
        return new DMatrix(flat, x.size(), FlowFeatures.SIZE, Float.NaN);
    }
}
