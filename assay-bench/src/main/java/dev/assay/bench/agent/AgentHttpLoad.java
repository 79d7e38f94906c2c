package dev.assay.bench.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Decisions per second through {@code POST /api/v1/agent/check} of a running service: {@code USERS} clients sending
 * the actions of the files back to back for {@code SECONDS} (after a warm-up of a third of that), over kept-alive
 * connections. The files are taken in order by all clients together, warm-up included, so no action is sent twice
 * until all have been (give more files than the run sends to measure actions never seen). Prints requests per second,
 * latency percentiles, the answers' status codes, and how many actions were sent again.
 *
 * <p>Usage: {@code AgentHttpLoad URL TOKEN SECONDS USERS ACTION.json...}.
 */
public final class AgentHttpLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0].replaceAll("/$", "") + "/api/v1/agent/check");
        String token = args[1];
        int seconds = Integer.parseInt(args[2]);
        int users = Integer.parseInt(args[3]);
        List<String> bodies = new ArrayList<>();
        for (int i = 4; i < args.length; i++) bodies.add(Files.readString(Path.of(args[i])));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong next = new AtomicLong();
        run(client, uri, token, bodies, users, Math.max(1, seconds / 3), null, null, next);
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong[] status = new AtomicLong[6];
        for (int i = 0; i < status.length; i++) status[i] = new AtomicLong();
        long t0 = System.nanoTime();
        long n = run(client, uri, token, bodies, users, seconds, latency, status, next);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d requests in %.1f s by %d clients: %.0f decisions/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " 2xx %d, 4xx %d, 5xx %d; %d of %d actions sent before%n", n, elapsed, users, n / elapsed, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6, status[2].get(), status[4].get(), status[5].get(),
                Math.max(0, next.get() - bodies.size()), n);
    }

    static long run(HttpClient client, URI uri, String token, List<String> bodies, int users, int seconds, ConcurrentHistogram latency,
                    AtomicLong[] status, AtomicLong next) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            Thread t = Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    int i = (int) (next.getAndIncrement() % bodies.size());
                    HttpRequest r = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<Void> resp = client.send(r, HttpResponse.BodyHandlers.discarding());
                        if (latency != null) {
                            latency.recordValue(System.nanoTime() - s);
                            status[resp.statusCode() / 100].incrementAndGet();
                        }
                        count.incrementAndGet();
                    } catch (Exception e) {
                        if (status != null) status[0].incrementAndGet();
                    }
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        return count.get();
    }
}
