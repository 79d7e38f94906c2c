package dev.assay.models.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded answer as the server-sent events its provider streams it with: OpenAI's {@code data: {chunk}} lines
 * (role first, then one chunk per token when the recording has log probabilities, else per word, tool call
 * arguments in two pieces, the finish reason, a usage chunk when asked for, {@code data: [DONE]}) and Anthropic's
 * {@code message_start}, {@code content_block_start/delta/stop}, {@code ping}, {@code message_delta},
 * {@code message_stop}.
 */
public final class ReplayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayEvents() {}

    /** The words of {@code text}, each with the whitespace after it, so they concatenate back to {@code text}. */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && (i + 1 == text.length() || !Character.isWhitespace(text.charAt(i + 1)))) {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** An OpenAI chat completion as its stream. */
    public static String openAi(JsonNode completion, boolean includeUsage) {
        StringBuilder b = new StringBuilder();
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode first = chunk(completion);
        first.withArray("choices").addObject().put("index", 0).putObject("delta").put("role", "assistant").put("content", "");
        data(b, first);
        JsonNode lp = choice.path("logprobs").path("content");
        if (lp.isArray() && !lp.isEmpty()) {
            for (JsonNode token : lp) {
                ObjectNode c = chunk(completion);
                ObjectNode ch = c.withArray("choices").addObject().put("index", 0);
                ch.putObject("delta").put("content", token.path("token").asText());
                ch.putObject("logprobs").putArray("content").add(token.deepCopy());
                data(b, c);
            }
        } else if (message.path("content").isTextual()) {
            for (String piece : pieces(message.path("content").asText())) {
                ObjectNode c = chunk(completion);
                c.withArray("choices").addObject().put("index", 0).putObject("delta").put("content", piece);
                data(b, c);
            }
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String args = call.path("function").path("arguments").asText();
            int half = args.length() / 2;
            ObjectNode c = chunk(completion);
            ObjectNode t = c.withArray("choices").addObject().put("index", 0).putObject("delta").putArray("tool_calls").addObject()
                    .put("index", i).put("id", call.path("id").asText()).put("type", "function");
            t.putObject("function").put("name", call.path("function").path("name").asText()).put("arguments", args.substring(0, half));
            data(b, c);
            ObjectNode rest = chunk(completion);
            rest.withArray("choices").addObject().put("index", 0).putObject("delta").putArray("tool_calls").addObject().put("index", i)
                    .putObject("function").put("arguments", args.substring(half));
            data(b, rest);
        }
        ObjectNode last = chunk(completion);
        ObjectNode ch = last.withArray("choices").addObject().put("index", 0);
        ch.putObject("delta");
        ch.set("finish_reason", choice.path("finish_reason"));
        data(b, last);
        if (includeUsage && completion.has("usage")) {
            ObjectNode u = chunk(completion);
            u.putArray("choices");
            u.set("usage", completion.get("usage"));
            data(b, u);
        }
        b.append("data: [DONE]\n\n");
        return b.toString();
    }

    private static ObjectNode chunk(JsonNode completion) {
        ObjectNode c = JSON.createObjectNode();
        c.set("id", completion.path("id"));
        c.put("object", "chat.completion.chunk");
        c.set("created", completion.path("created"));
        c.set("model", completion.path("model"));
        c.putArray("choices");
        return c;
    }

    private static void data(StringBuilder b, JsonNode n) {
        b.append("data: ").append(n.toString()).append("\n\n");
    }

    /** An Anthropic message as its stream. */
    public static String anthropic(JsonNode message) {
        StringBuilder b = new StringBuilder();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode m = start.putObject("message");
        m.set("id", message.path("id"));
        m.put("type", "message").put("role", "assistant");
        m.putArray("content");
        m.set("model", message.path("model"));
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", message.path("usage").path("input_tokens").asLong()).put("output_tokens", 1);
        event(b, "message_start", start);
        JsonNode content = message.path("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            ObjectNode bs = JSON.createObjectNode().put("type", "content_block_start").put("index", i);
            if (block.path("type").asText().equals("tool_use")) {
                bs.putObject("content_block").put("type", "tool_use").put("id", block.path("id").asText()).put("name", block.path("name").asText())
                        .putObject("input");
                event(b, "content_block_start", bs);
                String input = block.path("input").toString();
                int half = input.length() / 2;
                for (String part : List.of(input.substring(0, half), input.substring(half))) {
                    ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", i);
                    d.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
                    event(b, "content_block_delta", d);
                }
            } else {
                bs.putObject("content_block").put("type", "text").put("text", "");
                event(b, "content_block_start", bs);
                if (i == 0) event(b, "ping", JSON.createObjectNode().put("type", "ping"));
                for (String piece : pieces(block.path("text").asText())) {
                    ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", i);
                    d.putObject("delta").put("type", "text_delta").put("text", piece);
                    event(b, "content_block_delta", d);
                }
            }
            event(b, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", i));
        }
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").set("stop_reason", message.path("stop_reason"));
        ((ObjectNode) md.get("delta")).putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", message.path("usage").path("output_tokens").asLong());
        event(b, "message_delta", md);
        event(b, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        return b.toString();
    }

    private static void event(StringBuilder b, String name, JsonNode data) {
        b.append("event: ").append(name).append('\n').append("data: ").append(data.toString()).append("\n\n");
    }
}
