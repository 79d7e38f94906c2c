package dev.assay.fingerprint.response;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model response to one probe: the model that gave it (null when the log does not say), the probe (prompt) id,
 * the prompt text (null when absent), the response text, its tool calls as structure, and an optional vector output
 * (an embedding or score vector; null for text-only responses) and the generated tokens' log-probabilities with
 * their top-k alternatives (null when the source gives none).
 */
public record Response(String model, String probeId, String prompt, String text, List<ToolCall> toolCalls, float[] vector,
                       List<TokenLogprob> logprobs) {
    /** A line of response text that is a tool call: {@code CALL name {json arguments}}. */
    private static final Pattern CALL_LINE = Pattern.compile("(?m)^CALL ([^\\s{]+)[ \\t]*(.*)$");

    public Response {
        Objects.requireNonNull(probeId, "probeId");
        if (probeId.isBlank()) throw new InvalidInputException("prompt_id must not be blank");
        if (model != null && model.isBlank()) model = null;
        text = Objects.requireNonNullElse(text, "");
        toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
        if (vector != null) {
            vector = vector.clone();
            for (float x : vector) {
                if (!Float.isFinite(x)) throw new InvalidInputException("vector holds a non-finite number");
            }
        }
        if (logprobs != null) logprobs = List.copyOf(logprobs);
    }

    /** A response without token log-probabilities. */
    public Response(String model, String probeId, String prompt, String text, List<ToolCall> toolCalls, float[] vector) {
        this(model, probeId, prompt, text, toolCalls, vector, null);
    }

    /** A text response whose tool calls, if any, are written in the text as {@code CALL name {json}} lines. */
    public static Response ofText(String model, String probeId, String prompt, String text) {
        return new Response(model, probeId, prompt, text, toolCallsIn(text), null);
    }

    /** The tool calls written in {@code text} as lines {@code CALL name {json arguments}}, in order. */
    public static List<ToolCall> toolCallsIn(String text) {
        if (text == null || !text.contains("CALL ")) return List.of();
        List<ToolCall> calls = new ArrayList<>();
        Matcher m = CALL_LINE.matcher(text);
        while (m.find()) calls.add(ToolCall.of(m.group(1), m.group(2).strip()));
        return calls;
    }

    /** The response text without its {@code CALL} lines: what the model wrote in prose. */
    public String prose() {
        if (!text.contains("CALL ")) return text;
        return CALL_LINE.matcher(text).replaceAll("").replaceAll("\n{2,}", "\n");
    }

    /** The vector output, a copy; null when there is none. */
    @Override
    public float[] vector() {
        return vector == null ? null : vector.clone();
    }

    /** Whether the response is empty: no text, no tool call, no vector, no token. */
    public boolean isEmpty() {
        return text.isBlank() && toolCalls.isEmpty() && vector == null && (logprobs == null || logprobs.isEmpty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && Objects.equals(model, r.model) && probeId.equals(r.probeId)
                && Objects.equals(prompt, r.prompt) && text.equals(r.text) && toolCalls.equals(r.toolCalls)
                && java.util.Arrays.equals(vector, r.vector) && Objects.equals(logprobs, r.logprobs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, probeId, prompt, text, toolCalls, java.util.Arrays.hashCode(vector), logprobs);
    }

    @Override
    public String toString() {
        return "Response[model=" + model + ", probeId=" + probeId + ", " + text.length() + " chars, "
                + toolCalls.size() + " tool calls" + (vector == null ? "" : ", vector of " + vector.length)
                + (logprobs == null ? "" : ", " + logprobs.size() + " token log-probabilities") + "]";
    }
}
