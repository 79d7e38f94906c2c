package dev.assay.models.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link ChatClient} of an OpenAI-compatible {@code POST {base}/chat/completions} (OpenAI, vLLM, llama.cpp server,
 * Ollama), on {@code java.net.http} and Jackson, every attempt through {@link Resilience}.
 */
final class OpenAiChatClient implements ChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Resilience resilience;
    private final URI uri;

    OpenAiChatClient(ChatClientConfig config, Clock clock, RetryListener listener) {
        this.uri = config.completionsUri();
        this.resilience = new Resilience(config, uri, clock, listener);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        resilience.checkSize(request.messages());
        byte[] body = body(request, false);
        return resilience.call(() -> resilience.exchange(httpRequest(body, "application/json"), this::answer), () -> true);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onDelta, "onDelta");
        resilience.checkSize(request.messages());
        byte[] body = body(request, true);
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

    private HttpRequest httpRequest(byte[] body, String accept) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        resilience.config().apiKey().ifPresent(k -> req.header("Authorization", "Bearer " + k));
        return req.build();
    }

    private ChatResponse answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status < 200 || status > 299) throw error(response, response.body());
        return ChatResponses.parse(response.body(), uri + " answered HTTP " + status + " but ", status);
    }

    private ChatException error(HttpResponse<?> response, byte[] body) {
        int status = response.statusCode();
        Duration after = resilience.retryAfter(response).orElse(null);
        if (status == 429)
            return new RateLimitedException(uri + " answered 429 (rate limited)" + (after == null ? "" : ", retry after " + after)
                    + Resilience.errorDetail(body), after);
        return new ProviderException(uri + " answered HTTP " + status + Resilience.errorDetail(body), status, after);
    }

    static byte[] body(ChatRequest r, boolean stream) {
        ObjectNode n = JSON.createObjectNode().put("model", r.model());
        ArrayNode messages = n.putArray("messages");
        for (ChatMessage m : r.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
        r.temperature().ifPresent(t -> n.put("temperature", t));
        r.maxTokens().ifPresent(t -> n.put("max_tokens", t));
        r.seed().ifPresent(s -> n.put("seed", s));
        if (r.logprobs()) n.put("logprobs", true);
        r.topLogprobs().ifPresent(k -> n.put("top_logprobs", k));
        if (stream) {
            n.put("stream", true);
            n.putObject("stream_options").put("include_usage", true);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A streamed completion put together from its chunks ({@code data: {...}} with {@code choices[0].delta}, the
     * first choice's logprobs, a last chunk with {@code usage} and no choices, then {@code data: [DONE]}).
     */
    private static final class Assembly implements Resilience.StreamAssembly {
        private final URI uri;
        private final Consumer<String> onDelta;
        private final StringBuilder content = new StringBuilder();
        private final TreeMap<Integer, String[]> tools = new TreeMap<>(); // index -> {id, name, arguments}
        private final List<ChatResponse.TokenLogprob> logprobs = new ArrayList<>();
        private String id = "";
        private String model = "";
        private String finish = "";
        private Optional<ChatResponse.Usage> usage = Optional.empty();
        private int chunks;

        Assembly(URI uri, Consumer<String> onDelta) {
            this.uri = uri;
            this.onDelta = onDelta;
        }

        @Override
        public boolean on(String event, String data) {
            if (data.strip().equals("[DONE]")) return true;
            chunks++;
            String context = "the event stream from " + uri + " sent a chunk (" + chunks + ") whose ";
            JsonNode root;
            try {
                root = JSON.readTree(data);
            } catch (JsonProcessingException e) {
                throw new ProviderException("the event stream from " + uri + " sent a chunk (" + chunks + ") that is not JSON ("
                        + Resilience.clip(e.getOriginalMessage()) + ")", 200, null);
            }
            if (root == null || !root.isObject()) throw ChatResponses.bad(context, 200, "body is not a JSON object");
            JsonNode error = root.get("error");
            if (error != null && !error.isNull())
                throw new ProviderException("the event stream from " + uri + " sent an error" + Resilience.errorDetail(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 200, null);
            if (id.isEmpty()) id = ChatResponses.optionalText(root, "id", "id", context, 200);
            if (model.isEmpty()) model = ChatResponses.optionalText(root, "model", "model", context, 200);
            Optional<ChatResponse.Usage> u = ChatResponses.usage(root.get("usage"), context, 200);
            if (u.isPresent()) usage = u;
            JsonNode choices = root.get("choices");
            if (choices == null || choices.isNull()) {
                if (u.isEmpty()) throw ChatResponses.bad(context, 200, "'choices' is missing");
                return false;
            }
            if (!choices.isArray()) throw ChatResponses.bad(context, 200, "'choices' is not an array");
            if (choices.isEmpty()) return false;
            JsonNode choice = choices.get(0);
            if (!choice.isObject()) throw ChatResponses.bad(context, 200, "'choices[0]' is not an object");
            JsonNode delta = choice.get("delta");
            if (delta != null && !delta.isNull()) {
                if (!delta.isObject()) throw ChatResponses.bad(context, 200, "'choices[0].delta' is not an object");
                String text = ChatResponses.optionalText(delta, "content", "choices[0].delta.content", context, 200);
                if (!text.isEmpty()) {
                    content.append(text);
                    onDelta.accept(text);
                }
                toolCalls(delta.get("tool_calls"), context);
            }
            logprobs.addAll(ChatResponses.tokenLogprobs(choice.get("logprobs"), "choices[0].logprobs", context, 200));
            String f = ChatResponses.optionalText(choice, "finish_reason", "choices[0].finish_reason", context, 200);
            if (!f.isEmpty()) finish = f;
            return false;
        }

        private void toolCalls(JsonNode calls, String context) {
            if (calls == null || calls.isNull()) return;
            if (!calls.isArray()) throw ChatResponses.bad(context, 200, "'choices[0].delta.tool_calls' is not an array");
            for (int i = 0; i < calls.size(); i++) {
                String at = "choices[0].delta.tool_calls[" + i + "]";
                JsonNode c = calls.get(i);
                if (!c.isObject() || !c.path("index").canConvertToExactIntegral())
                    throw ChatResponses.bad(context, 200, "'" + at + "' is not an object with an integer 'index'");
                String[] t = tools.computeIfAbsent(c.get("index").asInt(), k -> new String[] {"", "", ""});
                String callId = ChatResponses.optionalText(c, "id", at + ".id", context, 200);
                if (!callId.isEmpty()) t[0] = callId;
                JsonNode fn = c.get("function");
                if (fn != null && !fn.isNull()) {
                    if (!fn.isObject()) throw ChatResponses.bad(context, 200, "'" + at + ".function' is not an object");
                    t[1] += ChatResponses.optionalText(fn, "name", at + ".function.name", context, 200);
                    t[2] += ChatResponses.optionalText(fn, "arguments", at + ".function.arguments", context, 200);
                }
            }
        }

        @Override
        public ChatResponse response() {
            List<ChatResponse.ToolCall> calls = new ArrayList<>();
            for (var e : tools.entrySet()) {
                String[] t = e.getValue();
                if (t[1].isEmpty())
                    throw new ProviderException("the event stream from " + uri + " sent tool call " + e.getKey() + " without a function name", 200, null);
                calls.add(new ChatResponse.ToolCall(t[0], t[1], t[2].isEmpty() ? "{}" : t[2]));
            }
            return new ChatResponse(id, model, content.toString(), calls, finish, usage, logprobs);
        }
    }
}
