package dev.assay.models.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} and an Anthropic {@code POST /v1/messages} on 127.0.0.1 that
 * replay recorded answers (each endpoint serves the recordings as they are: give it answers of its provider's shape),
 * keyed by the prompt (the last user message). Several recordings of one prompt are served in turn, cycling, as a
 * sampling model would vary. The recordings can be swapped while it runs ({@link #replay}), so a test can make the
 * "model" behind the endpoint change. Faults are scripted ahead of the replay ({@link #enqueue}): an error status
 * with headers, a malformed body, or a stall that streams a never-ending chunked body until the client goes away
 * (counted in {@link #disconnects()}, so a test can tell a cancelled request from an abandoned one), an event stream
 * as given, stalling or dropped mid-answer. A request with {@code "stream": true} gets its recording as server-sent
 * events ({@link ReplayEvents}).
 *
 * <p>Recordings are JSON lines {@code {"prompt": "...", "completion": {an OpenAI chat completion}}}
 * ({@link #read}); {@link Recording#ofText} derives a completion from a model name and its text. The files under
 * {@code /chat/} in this module's test resources are synthetic fixtures in the providers' formats (hand-written, see
 * their README), not captures of live models; {@code MushroomReplayTest} replays real generations.
 */
public final class ReplayServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest a stall streams before giving up on the client (bounds a test that does not cancel). */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(20);

    /** One recorded completion of a prompt. */
    public record Recording(String prompt, JsonNode completion) {
        public Recording {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(completion, "completion");
        }

        /** A completion by {@code model} answering {@code text}, in OpenAI's shape. */
        public static Recording ofText(String prompt, String model, String text) {
            ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-replay").put("object", "chat.completion").put("created", 1_700_000_000L)
                    .put("model", model);
            ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.putNull("logprobs");
            choice.put("finish_reason", "stop");
            c.putObject("usage").put("prompt_tokens", prompt.length() / 4).put("completion_tokens", text.length() / 4)
                    .put("total_tokens", prompt.length() / 4 + text.length() / 4);
            return new Recording(prompt, c);
        }
    }

    /** How a scripted answer ends: whole, stalling (trickling keep-alive bytes until the client goes away) or cut off. */
    public enum Ending { COMPLETE, STALL, DROP }

    /**
     * A scripted answer served before the replay: a status with headers and a body, which then ends as {@code ending}
     * says (a stall streams its body then trickles bytes, a drop sends its body then closes the connection short of
     * the length it announced).
     */
    public record Fault(int status, Map<String, String> headers, String body, Ending ending, String contentType) {
        public static Fault status(int status, String body) {
            return new Fault(status, Map.of(), body, Ending.COMPLETE, "application/json");
        }

        public static Fault rateLimited(String retryAfter) {
            return new Fault(429, Map.of("Retry-After", retryAfter), "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}",
                    Ending.COMPLETE, "application/json");
        }

        /** Anthropic's 429: its error JSON and a {@code retry-after} in seconds. */
        public static Fault anthropicRateLimited(String retryAfter) {
            return new Fault(429, Map.of("retry-after", retryAfter), anthropicError("rate_limit_error",
                    "Number of request tokens has exceeded your per-minute rate limit"), Ending.COMPLETE, "application/json");
        }

        /** Anthropic's 529 overloaded. */
        public static Fault overloaded() {
            return new Fault(529, Map.of(), anthropicError("overloaded_error", "Overloaded"), Ending.COMPLETE, "application/json");
        }

        /** An Anthropic error answer of {@code status}. */
        public static Fault anthropic(int status, String type, String message) {
            return new Fault(status, Map.of(), anthropicError(type, message), Ending.COMPLETE, "application/json");
        }

        public static Fault malformed(String body) {
            return new Fault(200, Map.of(), body, Ending.COMPLETE, "application/json");
        }

        public static Fault stall() {
            return new Fault(200, Map.of(), "", Ending.STALL, "application/json");
        }

        /** An event stream of exactly {@code sse} (e.g. malformed events). */
        public static Fault events(String sse) {
            return new Fault(200, Map.of(), sse, Ending.COMPLETE, "text/event-stream");
        }

        /** An event stream sending {@code sse}, then only keep-alive comments until the client goes away. */
        public static Fault eventsThenStall(String sse) {
            return new Fault(200, Map.of(), sse, Ending.STALL, "text/event-stream");
        }

        /** An event stream sending {@code sse}, then closing the connection mid-answer. */
        public static Fault eventsThenDrop(String sse) {
            return new Fault(200, Map.of(), sse, Ending.DROP, "text/event-stream");
        }

        private static String anthropicError(String type, String message) {
            ObjectNode n = JSON.createObjectNode().put("type", "error");
            n.putObject("error").put("type", type).put("message", message);
            return n.toString();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final List<CountDownLatch> stallsEnded = new CopyOnWriteArrayList<>();
    private Map<String, List<JsonNode>> recordings = Map.of();
    private final Map<String, Integer> turn = new HashMap<>();

    private ReplayServer(List<Recording> initial) throws IOException {
        replay(initial);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4, r -> Thread.ofPlatform().name("replay-server").daemon(true).unstarted(r));
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", ex -> handle(ex, false));
        server.createContext("/v1/messages", ex -> handle(ex, true));
        server.start();
    }

    /** A server replaying {@code recordings} on 127.0.0.1 at a free port. */
    public static ReplayServer start(List<Recording> recordings) {
        try {
            return new ReplayServer(recordings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recordings of a JSONL file. */
    public static List<Recording> read(Path file) {
        try {
            List<Recording> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                out.add(new Recording(n.get("prompt").asText(), n.get("completion")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recordings of a test resource on the classpath. */
    public static List<Recording> resource(String name) {
        try (InputStream in = Objects.requireNonNull(ReplayServer.class.getResourceAsStream(name), name)) {
            Path tmp = Files.createTempFile("recordings", ".jsonl");
            try {
                Files.write(tmp, in.readAllBytes());
                return read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's root, {@code http://127.0.0.1:PORT}: the base URL of an Anthropic client ({@code /v1/messages} under it). */
    public URI rootUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The base URL to give an OpenAI-compatible client: {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Replaces the recordings served from now on. */
    public synchronized void replay(List<Recording> next) {
        Map<String, List<JsonNode>> byPrompt = new LinkedHashMap<>();
        for (Recording r : next) byPrompt.computeIfAbsent(r.prompt(), k -> new ArrayList<>()).add(r.completion());
        recordings = byPrompt;
        turn.clear();
    }

    /** Serves {@code fault} to the next request, before any already scripted ones have run out. */
    public synchronized void enqueue(Fault fault) {
        faults.addLast(fault);
    }

    /** Every request body received, in order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** The Authorization header of every request ("" when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Request {@code i}'s header {@code name} (first value, "" when absent). */
    public String header(int i, String name) {
        return headers.get(i).getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    /** Stalled requests whose client went away before the stall limit. */
    public int disconnects() {
        return disconnects.get();
    }

    /** Waits (at most {@code limit}) until every stall so far has ended; true when they have. */
    public boolean awaitStalls(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (CountDownLatch l : stallsEnded) {
            if (!l.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    private void handle(HttpExchange ex, boolean anthropic) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, Map.of(), "{\"error\": {\"message\": \"POST only\"}}");
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(body);
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization") == null ? "" : ex.getRequestHeaders().getFirst("Authorization")));
            Map<String, String> h = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.isEmpty() ? "" : v.getFirst()));
            headers.add(h);
            Fault fault;
            JsonNode completion = null;
            synchronized (this) {
                fault = faults.pollFirst();
                if (fault == null) completion = next(lastUserMessage(body));
            }
            if (fault != null) {
                serve(ex, fault);
            } else if (completion == null) {
                send(ex, 404, Map.of(), "{\"error\": {\"message\": \"no recorded completion for this prompt\"}}");
            } else if (body.path("stream").asBoolean(false)) {
                String sse = anthropic ? ReplayEvents.anthropic(completion) : ReplayEvents.openAi(completion, body.path("stream_options").path("include_usage").asBoolean(false));
                serve(ex, Fault.events(sse));
            } else {
                send(ex, 200, Map.of(), completion.toString());
            }
        }
    }

    private void serve(HttpExchange ex, Fault fault) throws IOException {
        switch (fault.ending()) {
            case COMPLETE -> send(ex, fault.status(), fault.headers(), fault.body(), fault.contentType());
            case STALL -> stall(ex, fault);
            case DROP -> drop(ex, fault);
        }
    }

    private JsonNode next(String prompt) {
        List<JsonNode> options = recordings.get(prompt);
        if (options == null) return null;
        int i = turn.merge(prompt, 1, Integer::sum) - 1;
        return options.get(i % options.size());
    }

    private static String lastUserMessage(JsonNode body) {
        String last = "";
        for (JsonNode m : body.path("messages")) if (m.path("role").asText().equals("user")) last = m.path("content").asText();
        return last;
    }

    /**
     * Sends the fault's body, then a keep-alive every 20 ms (a space, or an event-stream comment line) until the client
     * disconnects (counted) or the stall limit passes.
     */
    private void stall(HttpExchange ex, Fault fault) {
        CountDownLatch ended = new CountDownLatch(1);
        stallsEnded.add(ended);
        try {
            ex.getResponseHeaders().set("Content-Type", fault.contentType());
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(fault.body().getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] keepAlive = fault.contentType().equals("text/event-stream") ? ":\n".getBytes(StandardCharsets.UTF_8) : new byte[] {' '};
            long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                out.write(keepAlive);
                out.flush();
                Thread.sleep(20);
            }
        } catch (IOException gone) {
            disconnects.incrementAndGet();
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /**
     * Announces a longer body than it sends, sends the fault's body, and closes short of the length: the stream's
     * "insufficient bytes" error leaves the handler, and the server closes the connection, so the client sees it
     * drop mid-answer.
     */
    private static void drop(HttpExchange ex, Fault fault) throws IOException {
        byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", fault.contentType());
        ex.sendResponseHeaders(200, bytes.length + 4096L);
        OutputStream out = ex.getResponseBody();
        out.write(bytes);
        out.flush();
        out.close();
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        send(ex, status, headers, body, "application/json");
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
