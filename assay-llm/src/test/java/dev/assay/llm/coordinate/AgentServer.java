package dev.assay.llm.coordinate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} on 127.0.0.1 that answers by the whole request (model, system
 * prompt, last user message), so agents that share a prompt but not a system prompt get their own answers whatever
 * order their requests arrive in. It can hold requests in batches: with batches {@code 1, 3}, the first request is
 * answered alone, and each of the next three is held until all three have arrived (at most {@link #HOLD}; a batch
 * that does not fill is answered 503 and counted in {@link #unfilled()}), then answered in the reverse of their
 * arrival. Requests after the last batch are answered at once. A test that sees a batch of n filled knows n calls
 * were in flight together, without measuring time.
 */
final class AgentServer implements AutoCloseable {
    /** Longest a request is held waiting for its batch to fill. */
    static final Duration HOLD = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a request asked. */
    record Request(String model, String system, String user) {}

    /** The reply to a request; {@code turn} counts the identical requests before it. */
    @FunctionalInterface
    interface Responder {
        String reply(Request request, int turn);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-server-", 0).factory());
    private final Responder responder;
    private final int[] batches;
    private final List<Batch> gates = new ArrayList<>();
    private final Map<Request, Integer> turns = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private int arrived;
    private int unfilled;
    private int inFlight;
    private int maxInFlight;

    /** One batch: filled when all its requests arrived; position p answers after position p + 1 has. */
    private record Batch(CountDownLatch filled, CountDownLatch[] answered) {
        static Batch of(int size) {
            CountDownLatch[] a = new CountDownLatch[size];
            for (int i = 0; i < size; i++) a[i] = new CountDownLatch(1);
            return new Batch(new CountDownLatch(size), a);
        }
    }

    private AgentServer(Responder responder, int[] batches) throws IOException {
        this.responder = responder;
        this.batches = batches.clone();
        for (int b : batches) gates.add(Batch.of(b));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** A server answering with {@code responder}, holding requests in {@code batches}. */
    static AgentServer start(Responder responder, int... batches) {
        try {
            return new AgentServer(responder, batches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Every request, in arrival order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Batches that did not fill within {@link #HOLD}. */
    synchronized int unfilled() {
        return unfilled;
    }

    /** Most requests held or being answered at one time. */
    synchronized int maxInFlight() {
        return maxInFlight;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String system = "";
            String user = "";
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asText().equals("system")) system = m.path("content").asText();
                if (m.path("role").asText().equals("user")) user = m.path("content").asText();
            }
            Request r = new Request(body.path("model").asText(), system, user);
            requests.add(r);
            int turn;
            int index;
            synchronized (this) {
                turn = turns.merge(r, 1, Integer::sum) - 1;
                index = arrived++;
                maxInFlight = Math.max(maxInFlight, ++inFlight);
            }
            try {
                int batch = 0;
                int position = index;
                while (batch < batches.length && position >= batches[batch]) position -= batches[batch++];
                if (batch < batches.length) {
                    Batch b = gates.get(batch);
                    b.filled().countDown();
                    boolean full = b.filled().await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
                    if (!full) {
                        synchronized (this) {
                            unfilled++;
                        }
                        b.answered()[position].countDown();
                        send(ex, 503, "{\"error\": {\"message\": \"batch " + (batch + 1) + " did not fill: its requests were not in flight together\"}}");
                        return;
                    }
                    if (position + 1 < b.answered().length) b.answered()[position + 1].await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        send(ex, 200, Recording.ofText(user, r.model(), responder.reply(r, turn)).completion().toString());
                    } finally {
                        b.answered()[position].countDown();
                    }
                } else {
                    send(ex, 200, Recording.ofText(user, r.model(), responder.reply(r, turn)).completion().toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    inFlight--;
                }
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
