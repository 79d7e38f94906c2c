package dev.assay.server.witness;

import dev.assay.core.AssayException;
import dev.assay.core.tlog.Witness;
import dev.assay.server.Requests;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of a {@link Witness} (C2SP {@code tlog-witness}): {@code POST /add-checkpoint} with
 * the spec's statuses and bodies (cosignature lines; the witness's size as {@code text/x.tlog.size}
 * on 409; the reason as text otherwise), {@code GET /<origin hash>/checkpoint} (the monitoring
 * retrieval: the latest cosigned checkpoint of a log) and {@code GET /health}. Bodies over
 * {@link Witness#MAX_REQUEST_BYTES} get 413; idle connections close after 30 s. Not part of the Assay
 * API: no tokens (the protocol authenticates checkpoints by their signatures).
 */
public final class WitnessServer {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessServer.class);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** How much of a too-large body is read and discarded so that the 413 is not lost to a connection reset. */
    private static final long TOO_LARGE_DRAIN_BYTES = 1 << 20;

    private final Javalin app;
    private final Witness witness;
    private final String host;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int port;

    private WitnessServer(Witness witness, String host, int port) {
        this.witness = witness;
        this.host = host;
        this.port = port;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = Witness.MAX_REQUEST_BYTES;
            cfg.jetty.addConnector((server, http) -> {
                http.setIdleTimeout(IDLE.toMillis());
                ServerConnector c = new ServerConnector(server);
                c.setHost(host);
                c.setPort(port);
                c.setIdleTimeout(IDLE.toMillis());
                return c;
            });
            cfg.jetty.modifyServer(s -> {
                s.setStopTimeout(GRACE.toMillis());
                s.setStopAtShutdown(false);
            });
            cfg.routes.post("/add-checkpoint", this::addCheckpoint);
            cfg.routes.get("/health", ctx -> text(ctx, 200, "ok\n"));
            cfg.routes.get("/{originHash}/checkpoint", this::checkpoint);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof io.javalin.http.HttpResponseException h && h.getStatus() < 500) { // e.g. 413 from a chunked body
                    if (h.getStatus() == 413) tooLarge(ctx);
                    text(ctx, h.getStatus(), "the request was refused with status " + h.getStatus() + "\n");
                    return;
                }
                LOG.error("witness request failed", e);
                text(ctx, 500, "internal error\n");
            });
        });
    }

    /** A server for {@code witness} on {@code host}:{@code port} (0 for any free port); call {@link #start()}. */
    public static WitnessServer create(Witness witness, String host, int port) {
        if (port < 0 || port > 65535) throw new dev.assay.core.InvalidInputException("a port is 0 to 65535, but was " + port);
        return new WitnessServer(witness, host, port);
    }

    private void addCheckpoint(Context ctx) {
        if (ctx.contentLength() > Witness.MAX_REQUEST_BYTES) {
            tooLarge(ctx);
            text(ctx, 413, "the request body exceeds " + Witness.MAX_REQUEST_BYTES + " bytes\n");
            return;
        }
        Witness.Outcome o = witness.addCheckpoint(ctx.bodyAsBytes());
        switch (o) {
            case Witness.Outcome.Cosigned c -> text(ctx, 200, c.lines());
            case Witness.Outcome.Conflict c -> {
                ctx.status(409).contentType("text/x.tlog.size").result(c.size() + "\n");
            }
            case Witness.Outcome.BadProof b -> text(ctx, 422, b.reason() + "\n");
            case Witness.Outcome.Forbidden f -> text(ctx, 403, f.reason() + "\n");
            case Witness.Outcome.UnknownLog u -> text(ctx, 404, "unknown log '" + u.origin() + "'\n");
            case Witness.Outcome.Malformed m -> text(ctx, 400, m.reason() + "\n");
        }
    }

    /** Before a 413: discards a moderately oversized body so the refusal is read, and closes the connection after it. */
    private static void tooLarge(Context ctx) {
        Requests.discardBody(ctx, TOO_LARGE_DRAIN_BYTES);
        ctx.header("Connection", "close");
    }

    private void checkpoint(Context ctx) {
        var note = witness.originOfHash(ctx.pathParam("originHash")).flatMap(witness::latest);
        if (note.isEmpty()) text(ctx, 404, "no cosigned checkpoint for that origin hash\n");
        else text(ctx, 200, note.get());
    }

    private static void text(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts listening; throws {@link AssayException} when the port cannot be bound. */
    public WitnessServer start() {
        try {
            app.start();
        } catch (JavalinException e) {
            throw new AssayException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        port = app.port();
        return this;
    }

    /** The bound address. */
    public URI uri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port);
    }

    /** Stops gracefully (in-flight requests get up to 10 s), then closes the witness; idempotent. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            app.stop();
        } finally {
            try {
                witness.close();
            } finally {
                stopped.countDown();
            }
        }
    }

    /** Stops from a JVM shutdown hook (SIGTERM, SIGINT). */
    public WitnessServer stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "assay-witness-shutdown"));
        return this;
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
