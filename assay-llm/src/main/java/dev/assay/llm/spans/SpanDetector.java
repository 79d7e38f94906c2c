package dev.assay.llm.spans;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.special.Erf;

/**
 * Hallucination spans of an LLM output from its per-token scores and its text.
 *
 * <p>{@link #scoreOnly()} uses the scores alone: a token's probability is {@code Phi(z)} of the highest standardised score
 * within its word, and a character is hard-labelled when that probability exceeds 1/2 (the word's most surprising token is
 * above the record's mean). {@link #train} fits a logistic model of the soft labels on the token features ({@code Features})
 * and picks the hard threshold that maximises mean IoU on the training records; {@link #shipped()} is such a model trained
 * on the Mu-SHROOM validation set (see docs/DECISIONS.md for the command that makes it).
 */
public final class SpanDetector {
    public static final String RESOURCE = "span-model.json";
    public static final int FORMAT = 1;
    static final double SCORE_ONLY_THRESHOLD = 0.5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Logistic model;
    private final double threshold;

    private SpanDetector(Logistic model, double threshold) {
        this.model = model;
        this.threshold = threshold;
    }

    /** The unsupervised detector: standardised token scores only, no training. */
    public static SpanDetector scoreOnly() {
        return new SpanDetector(null, SCORE_ONLY_THRESHOLD);
    }

    /** The learned detector shipped in this jar. */
    public static SpanDetector shipped() {
        try (InputStream in = SpanDetector.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar has no " + RESOURCE);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A detector written by {@link #toJson}. */
    public static SpanDetector read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static SpanDetector parse(String json, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException(where + " is not a span model: not valid JSON");
        }
        if (n == null || !n.isObject() || n.path("format").asInt() != FORMAT || !n.path("features").isArray())
            throw new InvalidInputException(where + " is not a span model (format " + FORMAT + ")");
        List<String> names = new ArrayList<>();
        n.get("features").forEach(f -> names.add(f.asText()));
        if (!names.equals(Features.NAMES)) throw new InvalidInputException(where + " was trained on other features than this version computes");
        int d = names.size();
        double[] mean = array(n.get("mean"), d, where);
        double[] sd = array(n.get("sd"), d, where);
        double[] w = array(n.get("weights"), d, where);
        double threshold = n.path("threshold").asDouble(Double.NaN);
        if (!(threshold > 0 && threshold < 1)) throw new InvalidInputException(where + ": threshold must be in (0, 1)");
        return new SpanDetector(new Logistic(mean, sd, w, n.path("bias").asDouble()), threshold);
    }

    private static double[] array(JsonNode a, int d, String where) {
        if (a == null || !a.isArray() || a.size() != d) throw new InvalidInputException(where + ": mean, sd and weights must hold " + d + " numbers");
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            if (!a.get(i).isNumber()) throw new InvalidInputException(where + ": mean, sd and weights must hold numbers");
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** Fits the learned detector on labelled records (records without labels are refused). */
    public static SpanDetector train(List<MushroomRecord> records) {
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        List<Features> features = new ArrayList<>();
        for (MushroomRecord r : records) {
            if (!r.labelled()) throw new InvalidInputException(r.where() + ": a training record needs soft_labels");
            Features f = Features.of(r);
            features.add(f);
            double[] ref = softVector(r);
            int placed = 0;
            for (boolean u : f.usable) if (u) placed++;
            double weight = 1 / Math.sqrt(Math.max(1, placed));
            for (int i = 0; i < f.x.length; i++) {
                if (!f.usable[i]) continue;
                double s = 0;
                for (int k = f.alignment.start[i]; k < f.alignment.end[i]; k++) s += ref[k];
                xs.add(f.x[i]);
                ys.add(s / (f.alignment.end[i] - f.alignment.start[i]));
                ws.add(weight);
            }
        }
        if (xs.isEmpty()) throw new InvalidInputException("no token of the training records could be placed on its text");
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = ws.stream().mapToDouble(Double::doubleValue).toArray();
        double total = 0;
        for (double v : w) total += v;
        for (int i = 0; i < w.length; i++) w[i] *= w.length / total;
        Logistic model = Logistic.fit(xs.toArray(double[][]::new), y, w, Logistic.DEFAULT_L2);
        double best = 0.5;
        double bestIou = -1;
        List<double[]> probs = new ArrayList<>();
        for (Features f : features) probs.add(charProbabilities(f, tokenProbabilities(model, f)));
        for (int step = 2; step <= 38; step++) {
            double t = step * 0.025;
            double sum = 0;
            for (int i = 0; i < records.size(); i++) sum += Mushroom.iou(records.get(i).hardLabels(), hard(probs.get(i), features.get(i).alignment.text, t));
            if (sum > bestIou + 1e-12) {
                bestIou = sum;
                best = t;
            }
        }
        return new SpanDetector(model, best);
    }

    /** This detector's weights as JSON, with a note on how they were made. */
    public String toJson(String trainedOn) {
        if (model == null) throw new IllegalStateException("the score-only detector has no weights");
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("trained_on", trainedOn);
        ArrayNode names = o.putArray("features");
        Features.NAMES.forEach(names::add);
        put(o.putArray("mean"), model.mean);
        put(o.putArray("sd"), model.sd);
        put(o.putArray("weights"), model.weights);
        o.put("bias", round(model.bias));
        o.put("threshold", threshold);
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ArrayNode a, double[] v) {
        for (double x : v) a.add(round(x));
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    public double threshold() {
        return threshold;
    }

    /** Spans for one record; never fails on tokens that do not match the text. */
    public Prediction predict(MushroomRecord r) {
        Features f = Features.of(r);
        double[] p = charProbabilities(f, model == null ? scoreOnlyProbabilities(f) : tokenProbabilities(model, f));
        return new Prediction(r.id(), hard(p, f.alignment.text, threshold), soft(p), f.alignment.aligned(), p.length);
    }

    static double[] scoreOnlyProbabilities(Features f) {
        double[] p = new double[f.x.length];
        for (int i = 0; i < p.length; i++) p[i] = f.usable[i] ? 0.5 * (1 + Erf.erf(f.x[i][Features.WORD_MAX_Z] / Math.sqrt(2))) : Double.NaN;
        return p;
    }

    static double[] tokenProbabilities(Logistic model, Features f) {
        double[] p = new double[f.x.length];
        for (int i = 0; i < p.length; i++) p[i] = f.usable[i] ? model.probability(f.x[i]) : Double.NaN;
        return p;
    }

    /**
     * Each character takes the probability of the token over it (the highest, where tokens share a character); a character
     * under no token (whitespace between tokens, text no token matched) takes the lower of its nearest placed neighbours.
     * Then the text's units agree: every character of a word takes the word's highest probability ({@link #words}), so
     * does every word of a run of capitalised words (a name: "John Latham", "Saint Petersburg"), and a space or punctuation
     * mark between words takes the lower of the words either side (0 before the first word and after the last), so that a
     * marked word does not carry the space that its token began with.
     */
    static double[] charProbabilities(Features f, double[] tokenProb) {
        int len = f.alignment.text.length;
        double[] p = new double[len];
        java.util.Arrays.fill(p, Double.NaN);
        for (int i = 0; i < tokenProb.length; i++) {
            if (!f.usable[i]) continue;
            for (int k = f.alignment.start[i]; k < f.alignment.end[i]; k++) p[k] = Double.isNaN(p[k]) ? tokenProb[i] : Math.max(p[k], tokenProb[i]);
        }
        double[] left = new double[len];
        double last = Double.NaN;
        for (int k = 0; k < len; k++) {
            if (!Double.isNaN(p[k])) last = p[k];
            left[k] = last;
        }
        last = Double.NaN;
        for (int k = len - 1; k >= 0; k--) {
            if (!Double.isNaN(p[k])) {
                last = p[k];
                continue;
            }
            double a = left[k];
            double b = last;
            p[k] = Double.isNaN(a) ? (Double.isNaN(b) ? 0 : b) : Double.isNaN(b) ? a : Math.min(a, b);
        }
        int[] text = f.alignment.text;
        words(text, p);
        names(text, p);
        between(text, p);
        for (int k = 0; k < len; k++) p[k] = Math.round(p[k] * 1e4) / 1e4;
        return p;
    }

    /**
     * Gives each word the highest probability of its characters. A word is a run of letters, digits and marks outside the
     * scripts written without spaces (Han, kana, Hangul: there a token is the unit), joined across a '.' or ',' between
     * digits ("1.5", "6,000") and a hyphen or apostrophe between letters ("third-largest", "isn't").
     */
    static void words(int[] t, double[] p) {
        int k = 0;
        while (k < t.length) {
            if (!inWord(t[k])) {
                k++;
                continue;
            }
            int e = wordEnd(t, k);
            spread(p, t, k, e);
            k = e;
        }
    }

    private static boolean inWord(int c) {
        return Features.isWordChar(c) && !Features.isHan(c);
    }

    /** The end of the word that starts at {@code s}. */
    static int wordEnd(int[] t, int s) {
        int k = s;
        while (k < t.length && (inWord(t[k]) || k > s && k + 1 < t.length && joins(t[k - 1], t[k], t[k + 1]))) k++;
        return k;
    }

    static boolean joins(int before, int c, int after) {
        if ((c == '.' || c == ',') && Character.isDigit(before) && Character.isDigit(after)) return true;
        return (c == '-' || c == '\'' || c == '\u2019') && Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
    }

    /** Gives every word of a run of two or more capitalised words, separated by single spaces, the run's highest probability. */
    static void names(int[] t, double[] p) {
        int k = 0;
        while (k < t.length) {
            if (!Character.isUpperCase(t[k]) || k > 0 && inWord(t[k - 1])) {
                k++;
                continue;
            }
            int s = k;
            int e = wordEnd(t, k);
            int count = 1;
            while (e + 1 < t.length && t[e] == ' ' && Character.isUpperCase(t[e + 1])) {
                e = wordEnd(t, e + 1);
                count++;
            }
            if (count >= 2) spread(p, t, s, e);
            k = e;
        }
    }

    /** The highest probability of the word characters in [s, e), given to all of them. */
    private static void spread(double[] p, int[] t, int s, int e) {
        double m = 0;
        for (int j = s; j < e; j++) if (Features.isWordChar(t[j])) m = Math.max(m, p[j]);
        java.util.Arrays.fill(p, s, e, m); // [s, e) starts and ends on a word character
    }

    /**
     * A space or punctuation mark takes the lower probability of the word characters either side (0 at either end of the
     * text); next to Han, kana or Hangul it keeps its own token's, as those scripts' punctuation belongs to the clause.
     */
    static void between(int[] t, double[] p) {
        double[] left = new double[t.length];
        boolean[] hanLeft = new boolean[t.length];
        double last = 0;
        boolean han = false;
        for (int k = 0; k < t.length; k++) {
            if (Features.isWordChar(t[k])) {
                last = p[k];
                han = Features.isHan(t[k]);
            }
            left[k] = last;
            hanLeft[k] = han;
        }
        last = 0;
        han = false;
        for (int k = t.length - 1; k >= 0; k--) {
            if (Features.isWordChar(t[k])) {
                last = p[k];
                han = Features.isHan(t[k]);
            } else if (!han && !hanLeft[k]) {
                p[k] = Math.min(left[k], last);
            }
        }
    }

    /**
     * The runs of characters above the threshold, each trimmed to begin and end on a letter, digit or mark, as the task's
     * annotated spans do (none of the 1,550 validation spans begins or ends on a space or punctuation mark).
     */
    static List<Span> hard(double[] p, int[] text, double threshold) {
        List<Span> out = new ArrayList<>();
        int k = 0;
        while (k < p.length) {
            if (p[k] <= threshold) {
                k++;
                continue;
            }
            int s = k;
            while (k < p.length && p[k] > threshold) k++;
            int e = k;
            while (s < e && !Features.isWordChar(text[s])) s++;
            while (e > s && !Features.isWordChar(text[e - 1])) e--;
            if (s < e) out.add(new Span(s, e));
        }
        return out;
    }

    static List<SoftSpan> soft(double[] p) {
        List<SoftSpan> out = new ArrayList<>();
        int k = 0;
        while (k < p.length) {
            int s = k;
            while (k < p.length && p[k] == p[s]) k++;
            if (p[s] > 0) out.add(new SoftSpan(s, k, p[s]));
        }
        return out;
    }

    static double[] softVector(MushroomRecord r) {
        double[] v = new double[r.length()];
        for (SoftSpan s : r.softLabels()) for (int k = s.start(); k < s.end(); k++) v[k] = s.prob();
        return v;
    }
}
