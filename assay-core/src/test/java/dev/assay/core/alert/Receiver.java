package dev.assay.core.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 (ephemeral port) that records every request. It answers
 * {@code failStatus} to the first {@code failFirst} requests and {@code okStatus} afterwards, or,
 * when hanging, holds each request until closed (at most 10 s).
 */
final class Receiver implements AutoCloseable {
    record Request(String method, String path, String contentType, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final int failFirst;
    private final int failStatus;
    private final int okStatus;
    private final boolean hang;

    private Receiver(int failFirst, int failStatus, int okStatus, boolean hang) throws IOException {
        this.failFirst = failFirst;
        this.failStatus = failStatus;
        this.okStatus = okStatus;
        this.hang = hang;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers 200 to everything. */
    static Receiver ok() throws IOException {
        return new Receiver(0, 200, 200, false);
    }

    /** Answers {@code status} to the first {@code k} requests, then {@code okStatus}. */
    static Receiver failingFirst(int k, int status, int okStatus) throws IOException {
        return new Receiver(k, status, okStatus, false);
    }

    /** Never answers (until closed). */
    static Receiver hanging() throws IOException {
        return new Receiver(0, 200, 200, true);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int n;
        synchronized (requests) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            n = requests.size();
        }
        if (hang) {
            try {
                stop.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = n <= failFirst ? failStatus : okStatus;
        byte[] answer = (status < 300 ? "ok" : "failure " + n).getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection; nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
