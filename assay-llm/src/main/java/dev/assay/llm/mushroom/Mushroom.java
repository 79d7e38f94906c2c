package dev.assay.llm.mushroom;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.TextLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mu-SHROOM jsonl files and the shared task's metrics.
 *
 * <p>The metrics follow the task's scorer ({@code scorer.py} of Helsinki-NLP/mu-shroom): {@link #iou} is the
 * intersection over union of the character indices inside the hard labels, 1 when both sets are empty; {@link #correlation}
 * is Spearman's rho (average ranks for ties) between the per-character soft-label probabilities (0 outside every span) of
 * reference and prediction, and when either vector is constant (after rounding to 8 decimals) it is 1 if both are constant
 * and 0 otherwise.
 */
public final class Mushroom {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Mushroom() {
    }

    /**
     * Every record of a Mu-SHROOM jsonl file (a UTF-8 byte order mark at its start is skipped, as {@link TextLines} does); a bad line is refused
     * with its file and line number.
     */
    public static List<MushroomRecord> read(Path file) {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + " is a directory, not a Mu-SHROOM jsonl file");
        return TextLines.read(file, "Mu-SHROOM record",
                (line, n, where) -> parse(line, where));
    }

    /** One jsonl line; {@code where} (file:line) names it in errors. Fields other than the task's are ignored. */
    public static MushroomRecord parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidInputException(where + ": not valid JSON: " + problem(e));
        }
        if (node == null || !node.isObject()) throw new InvalidInputException(where + ": a record must be a JSON object");
        String id = text(node, "id", where, true);
        String text = text(node, "model_output_text", where, true);
        int length = text.codePointCount(0, text.length());
        JsonNode toks = node.get("model_output_tokens");
        if (toks == null || !toks.isArray()) throw new InvalidInputException(where + ": field model_output_tokens must be an array of strings");
        List<String> tokens = new ArrayList<>();
        for (JsonNode t : toks) {
            if (!t.isTextual()) throw new InvalidInputException(where + ": model_output_tokens must hold strings only");
            tokens.add(t.asText());
        }
        JsonNode lg = node.get("model_output_logits");
        if (lg == null || !lg.isArray()) throw new InvalidInputException(where + ": field model_output_logits must be an array of numbers");
        double[] logits = new double[lg.size()];
        for (int i = 0; i < logits.length; i++) {
            JsonNode v = lg.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw new InvalidInputException(where + ": model_output_logits[" + i + "] is not a finite number");
            logits[i] = v.asDouble();
        }
        List<SoftSpan> soft = new ArrayList<>();
        List<Span> hard = new ArrayList<>();
        JsonNode sl = node.get("soft_labels");
        JsonNode hl = node.get("hard_labels");
        boolean labelled = sl != null && !sl.isNull() || hl != null && !hl.isNull();
        if (sl != null && !sl.isNull()) {
            if (!sl.isArray()) throw new InvalidInputException(where + ": soft_labels must be an array of {start, end, prob}");
            for (JsonNode s : sl) {
                int start = offset(s.get("start"), "soft_labels start", where, length);
                int end = offset(s.get("end"), "soft_labels end", where, length);
                JsonNode p = s.get("prob");
                if (p == null || !p.isNumber() || !(p.asDouble() >= 0 && p.asDouble() <= 1))
                    throw new InvalidInputException(where + ": soft_labels prob must be a number in [0, 1]");
                if (end < start) throw new InvalidInputException(where + ": soft_labels span [" + start + ", " + end + ") ends before it starts");
                soft.add(new SoftSpan(start, end, p.asDouble()));
            }
        }
        if (hl != null && !hl.isNull()) {
            if (!hl.isArray()) throw new InvalidInputException(where + ": hard_labels must be an array of [start, end] pairs");
            for (JsonNode s : hl) {
                if (!s.isArray() || s.size() != 2) throw new InvalidInputException(where + ": hard_labels must be an array of [start, end] pairs");
                int start = offset(s.get(0), "hard_labels start", where, length);
                int end = offset(s.get(1), "hard_labels end", where, length);
                if (end < start) throw new InvalidInputException(where + ": hard_labels span [" + start + ", " + end + ") ends before it starts");
                hard.add(new Span(start, end));
            }
        }
        return new MushroomRecord(id, orEmpty(text(node, "lang", where, false)), orEmpty(text(node, "model_input", where, false)), text,
                orEmpty(text(node, "model_id", where, false)), tokens, logits, soft, hard, labelled, where);
    }

    /** Character IoU of two sets of hard spans, 1 when both are empty. */
    public static double iou(List<Span> reference, List<Span> predicted) {
        Set<Integer> ref = indices(reference);
        Set<Integer> pred = indices(predicted);
        if (ref.isEmpty() && pred.isEmpty()) return 1.0;
        Set<Integer> union = new HashSet<>(ref);
        union.addAll(pred);
        ref.retainAll(pred);
        return (double) ref.size() / union.size();
    }

    /** Spearman correlation of per-character soft labels over a text of {@code length} code points, by the task's rules. */
    public static double correlation(List<SoftSpan> reference, List<SoftSpan> predicted, int length) {
        double[] ref = vector(reference, length);
        double[] pred = vector(predicted, length);
        int refDistinct = distinct(ref);
        int predDistinct = distinct(pred);
        if (refDistinct == 1 || predDistinct == 1) return refDistinct == predDistinct ? 1.0 : 0.0;
        return pearson(ranks(ref), ranks(pred));
    }

    static double[] vector(List<SoftSpan> spans, int length) {
        double[] v = new double[length];
        for (SoftSpan s : spans) for (int i = s.start(); i < s.end() && i < length; i++) v[i] = s.prob();
        return v;
    }

    /** Distinct values after rounding to 8 decimals, as the scorer counts them ({@code len({round(x, 8)})}); 1 for an empty text too. */
    static int distinct(double[] v) {
        Set<Long> seen = new HashSet<>();
        for (double x : v) seen.add(Math.round(x * 1e8));
        return Math.max(1, seen.size());
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static Set<Integer> indices(List<Span> spans) {
        Set<Integer> out = new HashSet<>();
        for (Span s : spans) for (int i = s.start(); i < s.end(); i++) out.add(i);
        return out;
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new InvalidInputException(where + ": field " + field + " is required");
            return null;
        }
        if (!v.isTextual()) throw new InvalidInputException(where + ": field " + field + " must be a string");
        return v.asText();
    }

    private static int offset(JsonNode v, String what, String where, int length) {
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) throw new InvalidInputException(where + ": " + what + " must be an integer");
        int x = v.asInt();
        if (x < 0 || x > length) throw new InvalidInputException(where + ": " + what + " " + x + " is outside the output text (0.." + length + ")");
        return x;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String problem(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) return "unreadable input";
        m = m.replaceAll(":?\\s*enable `[^`]*` to allow", "").replaceAll("`[^`]*`", "value").replaceAll("\\s+", " ").strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
