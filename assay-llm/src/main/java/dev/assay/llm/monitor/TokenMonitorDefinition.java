package dev.assay.llm.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Scalars;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What an {@code llm.tokens} monitor watches, resolved whole when it is defined: the model, the window length, the
 * reference distribution of per-response perplexity (the values themselves, so the monitor never depends on a file
 * that could change), the significance level of the drift test and the fewest responses a window needs to be tested.
 *
 * <p>JSON: {@code {"model", "window": "PT5M", "reference": [perplexities], "alpha", "minResponses"}}; the window may
 * also be written as {@code 5m} (the core duration grammar).
 */
public record TokenMonitorDefinition(String model, Duration window, double[] reference, double alpha, int minResponses) {
    /** Default window: five minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Default significance level of the drift test. */
    public static final double DEFAULT_ALPHA = 0.01;
    /** Default fewest responses a window is tested with. */
    public static final int DEFAULT_MIN_RESPONSES = 20;
    /** The fewest reference values. */
    public static final int MIN_REFERENCE = 20;
    /** The most reference values. */
    public static final int MAX_REFERENCE = 10_000;
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final int MAX_MODEL = 200;
    private static final java.util.regex.Pattern MODEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0," + (MAX_MODEL - 1) + "}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("model", "window", "reference", "alpha", "minResponses");

    public TokenMonitorDefinition {
        if (model == null || !MODEL.matcher(model).matches())
            throw new InvalidInputException("a token monitor's model must be 1 to " + MAX_MODEL + " letters, digits and . _ : / - starting with a"
                    + " letter or digit (it names the monitor " + TokenMonitorKind.NAME + "/<model>), but was '" + (model == null ? "" : clip(model).replaceAll("\\p{Cntrl}", "?")) + "'");
        if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.toMillis() * 1_000_000 != window.toNanos())
            throw new InvalidInputException("window must be a whole number of milliseconds from " + MIN_WINDOW + " to " + MAX_WINDOW + ", but was " + window);
        if (reference == null || reference.length < MIN_REFERENCE || reference.length > MAX_REFERENCE)
            throw new InvalidInputException("reference must hold " + MIN_REFERENCE + " to " + MAX_REFERENCE + " perplexities, but held "
                    + (reference == null ? 0 : reference.length));
        reference = reference.clone();
        for (int i = 0; i < reference.length; i++) {
            if (!Double.isFinite(reference[i]) || reference[i] < 1)
                throw new InvalidInputException("reference[" + i + "] must be a finite perplexity >= 1, but was " + reference[i]);
        }
        if (!(alpha > 0 && alpha < 0.5)) throw new InvalidInputException("alpha must be in (0, 0.5), but was " + alpha);
        if (minResponses < 2 || minResponses > 100_000) throw new InvalidInputException("minResponses must be 2 to 100000, but was " + minResponses);
    }

    /** A definition with the defaults for window, alpha and minResponses. */
    public static TokenMonitorDefinition of(String model, double[] reference) {
        return new TokenMonitorDefinition(model, DEFAULT_WINDOW, reference, DEFAULT_ALPHA, DEFAULT_MIN_RESPONSES);
    }

    /**
     * The reference of reference responses: each one's perplexity, exp(mean surprisal), which does not depend on the
     * scorer's window or vocabulary. A perplexity beyond the largest double (a mean surprisal above 709 nats) is refused
     * by the definition as not finite.
     */
    public static double[] perplexities(List<TokenScores> responses) {
        TokenScorer scorer = TokenScorer.defaults();
        double[] out = new double[responses.size()];
        for (int i = 0; i < out.length; i++) out[i] = scorer.score(responses.get(i)).perplexity();
        return out;
    }

    @Override
    public double[] reference() {
        return reference.clone();
    }

    /** The definition as stored. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode().put("model", model).put("window", window.toString());
        ArrayNode r = n.putArray("reference");
        for (double v : reference) r.add(v);
        n.put("alpha", alpha).put("minResponses", minResponses);
        return n;
    }

    /** The definition {@link #toJson} wrote; InvalidInputException naming the field when it is not one. */
    public static TokenMonitorDefinition fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new InvalidInputException("a token monitor definition must be a JSON object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new InvalidInputException("unknown field '" + k + "' in a token monitor definition");
        }
        JsonNode model = n.get("model");
        if (model == null || !model.isTextual()) throw new InvalidInputException("field 'model' must be a string");
        JsonNode w = n.get("window");
        Duration window = DEFAULT_WINDOW;
        if (w != null && !w.isNull()) {
            if (!w.isTextual()) throw new InvalidInputException("field 'window' must be a duration such as 5m or PT5M");
            try {
                window = Scalars.duration(w.asText());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("field 'window' " + e.getMessage());
            }
        }
        JsonNode r = n.get("reference");
        if (r == null || !r.isArray()) throw new InvalidInputException("field 'reference' must be an array of perplexities");
        if (r.size() > MAX_REFERENCE) throw new InvalidInputException("reference must hold at most " + MAX_REFERENCE + " perplexities, but held " + r.size());
        double[] ref = new double[r.size()];
        for (int i = 0; i < ref.length; i++) {
            if (!r.get(i).isNumber()) throw new InvalidInputException("reference[" + i + "] must be a number");
            ref[i] = r.get(i).asDouble();
        }
        double alpha = DEFAULT_ALPHA;
        JsonNode a = n.get("alpha");
        if (a != null && !a.isNull()) {
            if (!a.isNumber()) throw new InvalidInputException("field 'alpha' must be a number");
            alpha = a.asDouble();
        }
        int min = DEFAULT_MIN_RESPONSES;
        JsonNode m = n.get("minResponses");
        if (m != null && !m.isNull()) {
            if (!m.canConvertToInt() || !m.canConvertToExactIntegral()) throw new InvalidInputException("field 'minResponses' must be a whole number");
            min = m.asInt();
        }
        return new TokenMonitorDefinition(model.asText(), window, ref, alpha, min);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenMonitorDefinition d && model.equals(d.model) && window.equals(d.window) && Arrays.equals(reference, d.reference)
                && alpha == d.alpha && minResponses == d.minResponses;
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + Arrays.hashCode(reference);
    }

    @Override
    public String toString() {
        return "TokenMonitorDefinition[" + model + ", " + window + ", " + reference.length + " reference values, alpha " + alpha + "]";
    }
}
