package dev.assay.llm.score;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.TextLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the token monitor's input, one JSON object per line, in either of two shapes told apart by their fields:
 * <ul>
 *   <li>a Mu-SHROOM record ({@code model_output_tokens}, {@code model_output_logits}). The field is named logits and
 *       most models' records hold raw logits of the chosen token, which say nothing about probability without the rest
 *       of their distribution. The values are read as log-probabilities only when the caller says so
 *       ({@link Values#LOGPROBS}) or when they plausibly are ({@link Values#AUTO}): none above 0 and a median of at least
 *       ln {@value #MIN_MEDIAN_PROBABILITY}, since the chosen tokens of generated text are mostly near-certain. Any other
 *       record is refused as {@link ScoreInputException.Problem#RAW_LOGITS};</li>
 *   <li>an OpenAI chat completion response ({@code choices[0].logprobs.content[*]} with {@code token}, {@code logprob},
 *       optional {@code bytes} and {@code top_logprobs[*].logprob}), as vLLM, llama.cpp's server, Ollama and OpenAI
 *       return it. The field says log-probability, so no plausibility test; but the tokens must spell
 *       {@code message.content} (when it is a string), else {@link ScoreInputException.Problem#TOKEN_TEXT_MISMATCH}
 *       names the first character where they differ ({@link TokenText} lists the differences forgiven).</li>
 * </ul>
 * A bad line is an {@link InvalidInputException} naming the file, the line and the problem. {@code NaN} and
 * {@code Infinity} are read (as Python's {@code json} writes them) so that they are refused as values, not as JSON.
 */
public final class ScoreInputs {
    /** The reader of records: NaN and infinities parse, so that the checks can name the field that holds them. */
    public static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** Which shape a line had. */
    public enum Format { MUSHROOM, CHAT_COMPLETION }

    /** How a Mu-SHROOM record's {@code model_output_logits} are read. */
    public enum Values {
        /** As log-probabilities when they plausibly are (none above 0, median at least ln {@value #MIN_MEDIAN_PROBABILITY}); else refused. */
        AUTO,
        /** As log-probabilities, because the caller says they are (values above 0 are still refused). */
        LOGPROBS;

        /** The value of {@code text} ({@code auto}, {@code logprobs}); InvalidInputException naming {@code what} otherwise. */
        public static Values parse(String text, String what) {
            return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "logprobs" -> LOGPROBS;
                default -> throw new InvalidInputException(what + " must be auto or logprobs, but was '" + (text == null ? "" : clip(text)) + "'");
            };
        }
    }

    /**
     * The least median chosen-token probability of a Mu-SHROOM record read as log-probabilities under {@link Values#AUTO}.
     * On the Mu-SHROOM validation records whose values are log-probabilities (Swedish: Poro, GPT-SW3, Viking) the
     * median is at least -0.61 (p 0.55); on Falcon's English records, all negative raw logits, at most -7.36.
     */
    public static final double MIN_MEDIAN_PROBABILITY = 0.1;

    /**
     * One response read.
     *
     * @param id     the record's {@code id}, or {@code line N} when it has none
     * @param line   its line number (1-based)
     * @param format the shape it had
     * @param scores its tokens and log-probabilities
     */
    public record Input(String id, int line, Format format, TokenScores scores) {}

    private ScoreInputs() {}

    /** Every response of a jsonl file (blank lines skipped); at least one; Mu-SHROOM values read {@link Values#AUTO}. */
    public static List<Input> read(Path file) {
        return read(file, Values.AUTO);
    }

    /** Every response of a jsonl file (blank lines skipped); at least one. */
    public static List<Input> read(Path file, Values values) {
        return TextLines.read(file, "response", (text, line, where) -> parse(text, line, where, values));
    }

    /** One line, Mu-SHROOM values read {@link Values#AUTO}; {@code where} ({@code file:line}) starts every error message. */
    public static Input parse(String text, int line, String where) {
        return parse(text, line, where, Values.AUTO);
    }

    /** One line; {@code where} ({@code file:line}) starts every error message. */
    public static Input parse(String text, int line, String where, Values values) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(where + ": not valid JSON" + location(e));
        }
        return parse(node, line, where, values);
    }

    /** One record already read as JSON, Mu-SHROOM values read {@link Values#AUTO}. */
    public static Input parse(JsonNode node, int line, String where) {
        return parse(node, line, where, Values.AUTO);
    }

    /** One record already read as JSON (NaN and infinities allowed, so that the checks can name them); as {@link #parse(String, int, String, Values)}. */
    public static Input parse(JsonNode node, int line, String where, Values values) {
        java.util.Objects.requireNonNull(values, "values");
        if (node == null || !node.isObject()) throw new InvalidInputException(where + ": a line must be a JSON object");
        String id = node.hasNonNull("id") ? node.get("id").asText() : "line " + line;
        try {
            if (node.has("model_output_tokens") || node.has("model_output_logits")) return new Input(id, line, Format.MUSHROOM, mushroom(node, values));
            if (node.has("choices")) return new Input(id, line, Format.CHAT_COMPLETION, completion(node));
        } catch (ScoreInputException e) {
            throw e.at(where);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
        throw new InvalidInputException(where + ": neither a Mu-SHROOM record (model_output_tokens, model_output_logits) nor a chat completion"
                + " response (choices[0].logprobs.content)");
    }

    private static TokenScores mushroom(JsonNode node, Values values) {
        JsonNode toks = node.get("model_output_tokens");
        if (toks == null || toks.isNull()) throw new InvalidInputException("missing model_output_tokens");
        if (!toks.isArray()) throw new InvalidInputException("model_output_tokens must be an array of strings");
        JsonNode lg = node.get("model_output_logits");
        if (lg == null || lg.isNull()) throw new InvalidInputException("missing logprobs: the record has no model_output_logits");
        if (!lg.isArray()) throw new InvalidInputException("model_output_logits must be an array of numbers");
        List<String> tokens = new ArrayList<>(toks.size());
        for (int i = 0; i < toks.size(); i++) {
            if (!toks.get(i).isTextual()) throw new InvalidInputException("model_output_tokens[" + i + "] is not a string");
            tokens.add(toks.get(i).asText());
        }
        double[] lp = new double[lg.size()];
        for (int i = 0; i < lp.length; i++) lp[i] = number(lg.get(i), "model_output_logits[" + i + "]");
        if (tokens.size() != lp.length)
            throw new InvalidInputException("mismatched token counts: " + tokens.size() + " model_output_tokens but " + lp.length + " model_output_logits");
        for (int i = 0; i < lp.length; i++) {
            if (lp[i] > TokenScores.LOGPROB_TOLERANCE)
                throw new ScoreInputException(ScoreInputException.Problem.RAW_LOGITS, "model_output_logits[" + i + "] is " + lp[i]
                        + ", positive: the record holds raw logits, not log-probabilities, and a logit says nothing about probability"
                        + " without the rest of its distribution");
        }
        if (values == Values.AUTO && lp.length > 0) {
            double median = median(lp);
            if (median < Math.log(MIN_MEDIAN_PROBABILITY))
                throw new ScoreInputException(ScoreInputException.Problem.RAW_LOGITS, String.format(java.util.Locale.ROOT,
                        "model_output_logits read as raw logits, not log-probabilities: their median is %.4g, a median chosen-token"
                                + " probability of %.2g, where the chosen tokens of generated text are mostly near-certain (at least %s);"
                                + " a logit says nothing about probability without the rest of its distribution (if they are"
                                + " log-probabilities after all, say so: --values logprobs, or values=logprobs over HTTP)",
                        median, Math.exp(median), MIN_MEDIAN_PROBABILITY));
        }
        return TokenScores.of(tokens, lp);
    }

    private static TokenScores completion(JsonNode node) {
        JsonNode choices = node.get("choices");
        if (!choices.isArray() || choices.isEmpty()) throw new InvalidInputException("choices must be a non-empty array");
        if (!choices.get(0).isObject()) throw new InvalidInputException("choices[0] must be an object");
        JsonNode lp = choices.get(0).get("logprobs");
        if (lp == null || lp.isNull()) throw new InvalidInputException("missing logprobs: choices[0].logprobs is absent (request logprobs=true)");
        JsonNode content = lp.get("content");
        if (content == null || content.isNull()) throw new InvalidInputException("missing logprobs: choices[0].logprobs.content is absent");
        if (!content.isArray()) throw new InvalidInputException("choices[0].logprobs.content must be an array");
        int n = content.size();
        List<String> tokens = new ArrayList<>(n);
        List<byte[]> bytes = new ArrayList<>(n);
        boolean anyBytes = false;
        double[] chosen = new double[n];
        double[][] top = new double[n][];
        int withTop = 0;
        for (int i = 0; i < n; i++) {
            String at = "choices[0].logprobs.content[" + i + "]";
            JsonNode t = content.get(i);
            if (!t.isObject()) throw new InvalidInputException(at + " is not an object");
            JsonNode tok = t.get("token");
            if (tok == null || !tok.isTextual()) throw new InvalidInputException(at + ".token is missing or not a string");
            tokens.add(tok.asText());
            byte[] b = bytes(t.get("bytes"), at + ".bytes");
            bytes.add(b);
            anyBytes |= b != null;
            chosen[i] = number(t.get("logprob"), at + ".logprob");
            JsonNode alts = t.get("top_logprobs");
            if (alts != null && !alts.isNull()) {
                if (!alts.isArray()) throw new InvalidInputException(at + ".top_logprobs must be an array");
                double[] row = new double[alts.size()];
                for (int j = 0; j < row.length; j++) {
                    JsonNode a = alts.get(j);
                    if (!a.isObject()) throw new InvalidInputException(at + ".top_logprobs[" + j + "] is not an object");
                    row[j] = number(a.get("logprob"), at + ".top_logprobs[" + j + "].logprob");
                }
                top[i] = row;
                if (row.length > 0) withTop++;
            }
        }
        if (withTop != 0 && withTop != n) {
            for (int i = 0; i < n; i++) {
                if (top[i] == null || top[i].length == 0)
                    throw new InvalidInputException("missing top_logprobs at choices[0].logprobs.content[" + i + "] (given for " + withTop + " of " + n
                            + " tokens; they are needed for every token or none)");
            }
        }
        TokenScores scores = new TokenScores(tokens, chosen, withTop == 0 ? null : top);
        JsonNode text = choices.get(0).path("message").path("content");
        if (text.isTextual()) {
            JsonNode finish = choices.get(0).path("finish_reason");
            TokenText.check(tokens, anyBytes ? bytes : null, text.asText(), finish.isTextual() ? finish.asText() : null);
        }
        return scores;
    }

    /** A token's {@code bytes} (integers 0 to 255), or null when absent. */
    private static byte[] bytes(JsonNode v, String at) {
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new InvalidInputException(at + " must be an array of byte values 0 to 255");
        byte[] b = new byte[v.size()];
        for (int j = 0; j < b.length; j++) {
            JsonNode x = v.get(j);
            if (!x.isIntegralNumber() || x.asInt() < 0 || x.asInt() > 255)
                throw new InvalidInputException(at + "[" + j + "] must be a byte value 0 to 255, but was " + clip(x.toString()));
            b[j] = (byte) x.asInt();
        }
        return b;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double number(JsonNode v, String at) {
        if (v == null || v.isNull()) throw new InvalidInputException("missing logprob: " + at + " is absent");
        if (!v.isNumber()) throw new InvalidInputException(at + " must be a number, but was " + clip(v.toString()));
        double d = v.asDouble();
        if (Double.isNaN(d)) throw new InvalidInputException(at + " is NaN");
        if (Double.isInfinite(d)) throw new InvalidInputException(at + " is infinite (a log-probability must be finite)");
        return d;
    }

    private static String location(JacksonException e) {
        var at = e.getLocation();
        return at == null ? "" : " (column " + at.getColumnNr() + ")";
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
