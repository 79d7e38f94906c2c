package dev.assay.models.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the body of an OpenAI chat completion; anything else is a {@link ProviderException} naming what is wrong and where. */
final class ChatResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatResponses() {}

    /** The completion in {@code body}; {@code context} starts each problem's message ("... answered HTTP 200 but "). */
    static ChatResponse parse(byte[] body, String context, int status) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ProviderException(context + "its body is not JSON (" + Resilience.clip(e.getOriginalMessage())
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")", status, null);
        } catch (IOException e) {
            throw new ProviderException(context + "its body could not be read", status, null);
        }
        if (root == null || !root.isObject()) throw bad(context, status, "its body is not a JSON object");
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray()) throw bad(context, status, "'choices' is missing or not an array");
        if (choices.isEmpty()) throw bad(context, status, "'choices' is empty");
        JsonNode choice = choices.get(0);
        if (!choice.isObject()) throw bad(context, status, "'choices[0]' is not an object");
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) throw bad(context, status, "'choices[0].message' is missing or not an object");
        String content = optionalText(message, "content", "choices[0].message.content", context, status);
        List<ChatResponse.ToolCall> calls = new ArrayList<>();
        JsonNode tools = message.get("tool_calls");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) throw bad(context, status, "'choices[0].message.tool_calls' is not an array");
            for (int i = 0; i < tools.size(); i++) {
                String at = "choices[0].message.tool_calls[" + i + "]";
                JsonNode t = tools.get(i);
                if (!t.isObject()) throw bad(context, status, "'" + at + "' is not an object");
                JsonNode fn = t.get("function");
                if (fn == null || !fn.isObject()) throw bad(context, status, "'" + at + ".function' is missing or not an object");
                String name = optionalText(fn, "name", at + ".function.name", context, status);
                if (name.isEmpty()) throw bad(context, status, "'" + at + ".function.name' is missing or empty");
                JsonNode args = fn.get("arguments");
                String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
                calls.add(new ChatResponse.ToolCall(optionalText(t, "id", at + ".id", context, status), name, arguments));
            }
        }
        String finish = optionalText(choice, "finish_reason", "choices[0].finish_reason", context, status);
        Optional<ChatResponse.Usage> usage = usage(root.get("usage"), context, status);
        List<ChatResponse.TokenLogprob> logprobs = tokenLogprobs(choice.get("logprobs"), "choices[0].logprobs", context, status);
        return new ChatResponse(optionalText(root, "id", "id", context, status), optionalText(root, "model", "model", context, status),
                content, calls, finish, usage, logprobs);
    }

    /** OpenAI's {@code usage} object, empty when absent or null. */
    static Optional<ChatResponse.Usage> usage(JsonNode u, String context, int status) {
        if (u == null || u.isNull()) return Optional.empty();
        if (!u.isObject()) throw bad(context, status, "'usage' is not an object");
        return Optional.of(new ChatResponse.Usage(count(u, "prompt_tokens", context, status), count(u, "completion_tokens", context, status),
                count(u, "total_tokens", context, status)));
    }

    /** The tokens of a choice's {@code logprobs} object found at {@code where}; empty when absent or null. */
    static List<ChatResponse.TokenLogprob> tokenLogprobs(JsonNode lp, String where, String context, int status) {
        List<ChatResponse.TokenLogprob> logprobs = new ArrayList<>();
        if (lp == null || lp.isNull()) return logprobs;
        if (!lp.isObject()) throw bad(context, status, "'" + where + "' is not an object");
        JsonNode tokens = lp.get("content");
        if (tokens == null || tokens.isNull()) return logprobs;
        if (!tokens.isArray()) throw bad(context, status, "'" + where + ".content' is not an array");
        for (int i = 0; i < tokens.size(); i++) {
            String at = where + ".content[" + i + "]";
            JsonNode t = tokens.get(i);
            if (!t.isObject()) throw bad(context, status, "'" + at + "' is not an object");
            List<ChatResponse.Alternative> top = new ArrayList<>();
            JsonNode alts = t.get("top_logprobs");
            if (alts != null && !alts.isNull()) {
                if (!alts.isArray()) throw bad(context, status, "'" + at + ".top_logprobs' is not an array");
                for (int j = 0; j < alts.size(); j++) {
                    String aat = at + ".top_logprobs[" + j + "]";
                    JsonNode a = alts.get(j);
                    if (!a.isObject()) throw bad(context, status, "'" + aat + "' is not an object");
                    top.add(new ChatResponse.Alternative(token(a, aat, context, status), logprob(a, aat, context, status)));
                }
            }
            logprobs.add(new ChatResponse.TokenLogprob(token(t, at, context, status), logprob(t, at, context, status), top));
        }
        return logprobs;
    }

    private static String token(JsonNode n, String at, String context, int status) {
        JsonNode t = n.get("token");
        if (t == null || !t.isTextual()) throw bad(context, status, "'" + at + ".token' is missing or not a string");
        return t.asText();
    }

    private static double logprob(JsonNode n, String at, String context, int status) {
        JsonNode v = n.get("logprob");
        if (v == null || !v.isNumber()) throw bad(context, status, "'" + at + ".logprob' is missing or not a number");
        double d = v.asDouble();
        if (!(d <= 0)) throw bad(context, status, "'" + at + ".logprob' must be a number <= 0, but was " + d);
        return d;
    }

    static long count(JsonNode u, String field, String context, int status) {
        JsonNode v = u.get(field);
        if (v == null || v.isNull()) return 0;
        if (!v.canConvertToExactIntegral() || v.asLong() < 0)
            throw bad(context, status, "'usage." + field + "' must be a whole number >= 0, but was " + Resilience.clip(v.toString()));
        return v.asLong();
    }

    /** A string field, "" when absent or null. */
    static String optionalText(JsonNode n, String field, String at, String context, int status) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw bad(context, status, "'" + at + "' is not a string");
        return v.asText();
    }

    static ProviderException bad(String context, int status, String problem) {
        return new ProviderException(context + problem, status, null);
    }
}
