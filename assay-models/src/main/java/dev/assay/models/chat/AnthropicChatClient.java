package dev.assay.models.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link ChatClient} of Anthropic's Messages API, {@code POST {base}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}, every attempt through {@link Resilience}. System and developer messages
 * become the top-level {@code system} text; {@code max_tokens}, which the API requires, defaults to
 * {@value #DEFAULT_MAX_TOKENS}. The API has no log probabilities and no seed, and its temperature stops at 1: a
 * request for any of these is refused before sending ({@link InvalidRequestException}). A 529 (overloaded) is
 * retried like a 5xx.
 */
final class AnthropicChatClient implements ChatClient {
    /** The API version sent in {@code anthropic-version}. */
    static final String API_VERSION = "2023-06-01";
    /** {@code max_tokens} when the request sets none. */
    static final int DEFAULT_MAX_TOKENS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The HTTP status each error type of Anthropic's stream comes with when it is the answer's status instead. */
    private static final Map<String, Integer> ERROR_STATUS = Map.of("invalid_request_error", 400, "authentication_error", 401,
            "permission_error", 403, "not_found_error", 404, "request_too_large", 413, "rate_limit_error", 429, "api_error", 500,
            "overloaded_error", 529);

    private final Resilience resilience;
    private final URI uri;

    AnthropicChatClient(ChatClientConfig config, Clock clock, RetryListener listener) {
        this.uri = config.messagesUri();
        this.resilience = new Resilience(config, uri, clock, listener);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        byte[] body = body(check(request), false);
        return resilience.call(() -> resilience.exchange(httpRequest(body, "application/json"), this::answer), () -> true);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        Objects.requireNonNull(onDelta, "onDelta");
        byte[] body = body(check(request), true);
        return resilience.streamed(httpRequest(body, "text/event-stream"), uri, onDelta, this::error, tracked -> new Assembly(uri, tracked));
    }

    @Override
    public CircuitState circuitState() {
        return resilience.circuitState();
    }

    @Override
    public void close() {
        resilience.close();
    }

    /** {@code request}, if this API can take it. */
    private ChatRequest check(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.logprobs())
            throw new InvalidRequestException("Anthropic's Messages API returns no log probabilities; ask " + uri + " without logprobs");
        if (request.seed().isPresent()) throw new InvalidRequestException("Anthropic's Messages API takes no sampling seed; ask " + uri + " without one");
        if (request.temperature().isPresent() && request.temperature().get() > 1)
            throw new InvalidRequestException("Anthropic's temperature must be in [0, 1], but was " + request.temperature().get());
        if (request.messages().stream().noneMatch(m -> m.role().equals("user") || m.role().equals("assistant")))
            throw new InvalidRequestException("a request to Anthropic's Messages API needs a user or assistant message besides the system prompt");
        resilience.checkSize(request.messages());
        return request;
    }

    private HttpRequest httpRequest(byte[] body, String accept) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Accept", accept)
                .header("anthropic-version", API_VERSION).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        resilience.config().apiKey().ifPresent(k -> req.header("x-api-key", k));
        return req.build();
    }

    private ChatResponse answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status < 200 || status > 299) throw error(response, response.body());
        return parse(response.body(), uri + " answered HTTP " + status + " but ", status);
    }

    private ChatException error(HttpResponse<?> response, byte[] body) {
        int status = response.statusCode();
        Duration after = resilience.retryAfter(response).orElse(null);
        if (status == 429)
            return new RateLimitedException(uri + " answered 429 (rate limited)" + (after == null ? "" : ", retry after " + after)
                    + Resilience.errorDetail(body), after);
        String what = status == 529 ? " (overloaded)" : "";
        return new ProviderException(uri + " answered HTTP " + status + what + Resilience.errorDetail(body), status, after);
    }

    static byte[] body(ChatRequest r, boolean stream) {
        ObjectNode n = JSON.createObjectNode().put("model", r.model());
        n.put("max_tokens", r.maxTokens().orElse(DEFAULT_MAX_TOKENS));
        List<String> system = new ArrayList<>();
        ArrayNode messages = JSON.createArrayNode();
        for (ChatMessage m : r.messages()) {
            if (m.role().equals("system") || m.role().equals("developer")) system.add(m.content());
            else messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (!system.isEmpty()) n.put("system", String.join("\n\n", system));
        n.set("messages", messages);
        r.temperature().ifPresent(t -> n.put("temperature", t));
        if (stream) n.put("stream", true);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise: " + e.getOriginalMessage(), e);
        }
    }

    /** A Messages API answer; anything else is a {@link ProviderException} naming what is wrong and where. */
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
        if (root == null || !root.isObject()) throw ChatResponses.bad(context, status, "its body is not a JSON object");
        String type = ChatResponses.optionalText(root, "type", "type", context, status);
        if (!type.isEmpty() && !type.equals("message")) throw ChatResponses.bad(context, status, "'type' is '" + Resilience.clip(type) + "', not 'message'");
        JsonNode content = root.get("content");
        if (content == null || !content.isArray()) throw ChatResponses.bad(context, status, "'content' is missing or not an array");
        StringBuilder text = new StringBuilder();
        List<ChatResponse.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            String at = "content[" + i + "]";
            JsonNode block = content.get(i);
            if (!block.isObject()) throw ChatResponses.bad(context, status, "'" + at + "' is not an object");
            String kind = ChatResponses.optionalText(block, "type", at + ".type", context, status);
            switch (kind) {
                case "text" -> {
                    JsonNode t = block.get("text");
                    if (t == null || !t.isTextual()) throw ChatResponses.bad(context, status, "'" + at + ".text' is missing or not a string");
                    text.append(t.asText());
                }
                case "tool_use" -> {
                    String name = ChatResponses.optionalText(block, "name", at + ".name", context, status);
                    if (name.isEmpty()) throw ChatResponses.bad(context, status, "'" + at + ".name' is missing or empty");
                    JsonNode input = block.get("input");
                    if (input != null && !input.isNull() && !input.isObject())
                        throw ChatResponses.bad(context, status, "'" + at + ".input' is not an object");
                    calls.add(new ChatResponse.ToolCall(ChatResponses.optionalText(block, "id", at + ".id", context, status), name,
                            input == null || input.isNull() ? "{}" : input.toString()));
                }
                case "" -> throw ChatResponses.bad(context, status, "'" + at + ".type' is missing");
                default -> { } // thinking, redacted_thinking, server tool blocks: not part of the answer's text
            }
        }
        return new ChatResponse(ChatResponses.optionalText(root, "id", "id", context, status),
                ChatResponses.optionalText(root, "model", "model", context, status), text.toString(), calls,
                ChatResponses.optionalText(root, "stop_reason", "stop_reason", context, status),
                usage(root.get("usage"), context, status, 0), List.of());
    }

    /**
     * Anthropic's {@code usage}: prompt tokens are {@code input_tokens} plus the cache's creation and read tokens
     * (all of them input the call was billed for), or {@code inputBefore} when it has no {@code input_tokens} (a
     * stream's {@code message_delta}, whose output tokens are cumulative).
     */
    private static Optional<ChatResponse.Usage> usage(JsonNode u, String context, int status, long inputBefore) {
        if (u == null || u.isNull()) return Optional.empty();
        if (!u.isObject()) throw ChatResponses.bad(context, status, "'usage' is not an object");
        long in = u.has("input_tokens") ? ChatResponses.count(u, "input_tokens", context, status)
                + ChatResponses.count(u, "cache_creation_input_tokens", context, status)
                + ChatResponses.count(u, "cache_read_input_tokens", context, status) : inputBefore;
        long out = ChatResponses.count(u, "output_tokens", context, status);
        return Optional.of(new ChatResponse.Usage(in, out, in + out));
    }

    /**
     * A streamed message put together from its events: {@code message_start} (id, model, input usage),
     * {@code content_block_start} / {@code content_block_delta} ({@code text_delta}, {@code input_json_delta}) /
     * {@code content_block_stop}, {@code message_delta} (stop reason, output usage), {@code message_stop};
     * {@code ping} ignored, {@code error} thrown as the error it names.
     */
    private static final class Assembly implements Resilience.StreamAssembly {
        private final URI uri;
        private final Consumer<String> onDelta;
        private final StringBuilder content = new StringBuilder();
        private final TreeMap<Integer, String[]> tools = new TreeMap<>(); // index -> {id, name, input json}
        private String id = "";
        private String model = "";
        private String stop = "";
        private long input;
        private Optional<ChatResponse.Usage> usage = Optional.empty();
        private boolean started;
        private int events;

        Assembly(URI uri, Consumer<String> onDelta) {
            this.uri = uri;
            this.onDelta = onDelta;
        }

        @Override
        public boolean on(String event, String data) {
            events++;
            String context = "the event stream from " + uri + " sent an event (" + events + ", '" + Resilience.clip(event) + "') whose ";
            JsonNode root;
            try {
                root = JSON.readTree(data);
            } catch (JsonProcessingException e) {
                throw new ProviderException("the event stream from " + uri + " sent an event (" + events + ", '" + Resilience.clip(event)
                        + "') whose data is not JSON (" + Resilience.clip(e.getOriginalMessage()) + ")", 200, null);
            }
            if (root == null || !root.isObject()) throw ChatResponses.bad(context, 200, "data is not a JSON object");
            String type = ChatResponses.optionalText(root, "type", "type", context, 200);
            if (type.isEmpty()) type = event;
            if (!started && !type.equals("message_start") && !type.equals("ping") && !type.equals("error"))
                throw ChatResponses.bad(context, 200, "type '" + Resilience.clip(type) + "' came before 'message_start'");
            switch (type) {
                case "message_start" -> {
                    JsonNode m = root.get("message");
                    if (m == null || !m.isObject()) throw ChatResponses.bad(context, 200, "'message' is missing or not an object");
                    started = true;
                    id = ChatResponses.optionalText(m, "id", "message.id", context, 200);
                    model = ChatResponses.optionalText(m, "model", "message.model", context, 200);
                    usage = AnthropicChatClient.usage(m.get("usage"), context, 200, 0);
                    input = usage.map(ChatResponse.Usage::promptTokens).orElse(0L);
                }
                case "content_block_start" -> {
                    int index = index(root, context);
                    JsonNode block = root.get("content_block");
                    if (block == null || !block.isObject()) throw ChatResponses.bad(context, 200, "'content_block' is missing or not an object");
                    String kind = ChatResponses.optionalText(block, "type", "content_block.type", context, 200);
                    if (kind.equals("tool_use")) {
                        String name = ChatResponses.optionalText(block, "name", "content_block.name", context, 200);
                        if (name.isEmpty()) throw ChatResponses.bad(context, 200, "'content_block.name' is missing or empty");
                        tools.put(index, new String[] {ChatResponses.optionalText(block, "id", "content_block.id", context, 200), name, ""});
                    } else if (kind.equals("text")) {
                        String text = ChatResponses.optionalText(block, "text", "content_block.text", context, 200);
                        if (!text.isEmpty()) deliver(text);
                    }
                }
                case "content_block_delta" -> {
                    int index = index(root, context);
                    JsonNode delta = root.get("delta");
                    if (delta == null || !delta.isObject()) throw ChatResponses.bad(context, 200, "'delta' is missing or not an object");
                    String kind = ChatResponses.optionalText(delta, "type", "delta.type", context, 200);
                    if (kind.equals("text_delta")) {
                        JsonNode t = delta.get("text");
                        if (t == null || !t.isTextual()) throw ChatResponses.bad(context, 200, "'delta.text' is missing or not a string");
                        if (!t.asText().isEmpty()) deliver(t.asText());
                    } else if (kind.equals("input_json_delta")) {
                        String[] tool = tools.get(index);
                        if (tool == null) throw ChatResponses.bad(context, 200, "'index' " + index + " is not a tool_use block");
                        tool[2] += ChatResponses.optionalText(delta, "partial_json", "delta.partial_json", context, 200);
                    } else if (kind.isEmpty()) {
                        throw ChatResponses.bad(context, 200, "'delta.type' is missing");
                    }
                }
                case "message_delta" -> {
                    JsonNode delta = root.get("delta");
                    if (delta != null && !delta.isNull()) {
                        if (!delta.isObject()) throw ChatResponses.bad(context, 200, "'delta' is not an object");
                        String s = ChatResponses.optionalText(delta, "stop_reason", "delta.stop_reason", context, 200);
                        if (!s.isEmpty()) stop = s;
                    }
                    Optional<ChatResponse.Usage> u = AnthropicChatClient.usage(root.get("usage"), context, 200, input);
                    if (u.isPresent()) usage = u;
                }
                case "message_stop" -> {
                    return true;
                }
                case "error" -> throw streamError(root);
                default -> { } // ping, content_block_stop, and event types added later
            }
            return false;
        }

        private void deliver(String text) {
            content.append(text);
            onDelta.accept(text);
        }

        private static int index(JsonNode root, String context) {
            JsonNode i = root.get("index");
            if (i == null || !i.canConvertToExactIntegral() || i.asInt() < 0) throw ChatResponses.bad(context, 200, "'index' is missing or not a whole number >= 0");
            return i.asInt();
        }

        private ChatException streamError(JsonNode root) {
            String type = root.path("error").path("type").asText("");
            String message = root.path("error").path("message").asText("");
            String detail = "the event stream from " + uri + " sent an error: " + (type.isEmpty() ? "" : type + ": ")
                    + Resilience.clip(message.isEmpty() ? "(no message)" : message);
            int status = ERROR_STATUS.getOrDefault(type, 500);
            if (status == 429) return new RateLimitedException(detail, null);
            return new ProviderException(detail, status, null);
        }

        @Override
        public ChatResponse response() {
            List<ChatResponse.ToolCall> calls = new ArrayList<>();
            for (String[] t : tools.values()) calls.add(new ChatResponse.ToolCall(t[0], t[1], t[2].isEmpty() ? "{}" : t[2]));
            return new ChatResponse(id, model, content.toString(), calls, stop, usage, List.of());
        }
    }
}
