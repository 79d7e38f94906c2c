package dev.assay.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.assay.core.AssayException;
import dev.assay.models.chat.BudgetExceededException;
import dev.assay.models.chat.ChatException;
import dev.assay.models.chat.ChatTimeoutException;
import dev.assay.models.chat.CircuitOpenException;
import dev.assay.models.chat.InvalidRequestException;
import dev.assay.models.chat.ProviderException;
import dev.assay.models.chat.RateLimitedException;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error": {status, code, message, requestId}}}: Assay's
 * exceptions by type, Javalin's HTTP exceptions by status, anything else into a logged 500
 * with a generic message. No stack trace ever reaches a client.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** The body of every error response. */
    record ErrorBody(int status, String code, String message, String requestId) {}

    /** The envelope {@code {"error": ...}}. */
    record ErrorEnvelope(ErrorBody error) {}

    static final String INTERNAL_MESSAGE = "internal error; the server log has the details under this request id";

    private final long maxRequestBytes;

    ErrorResponses(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    void install(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> handle(e, ctx));
        routes.exception(Exception.class, (e, ctx) -> handle(e, ctx));
    }

    private void handle(Exception e, Context ctx) {
        // a request that matched no route never passed the guard that sets its body limit; the refusal drains by it
        if (ctx.attribute(Requests.MAX_BYTES_ATTRIBUTE) == null) ctx.attribute(Requests.MAX_BYTES_ATTRIBUTE, maxRequestBytes);
        switch (e) {
            case AccessDeniedException d -> {
                ctx.header("WWW-Authenticate", d.reason().challenge);
                write(ctx, d.reason().status, d.getMessage());
            }
            case InvalidInputException i -> write(ctx, 400, i.getMessage());
            case NotFoundException n -> write(ctx, 404, n.getMessage());
            case ConflictException c -> write(ctx, 409, c.getMessage());
            case HttpResponseException h -> write(ctx, h.getStatus(), httpMessage(h, ctx));
            case JsonProcessingException j ->
                    write(ctx, 400, "malformed JSON" + Requests.location(j) + ": " + Requests.detail(j));
            case ChatException c -> chat(ctx, c);
            case AssayException a -> internal(ctx, a);
            default -> internal(ctx, e);
        }
    }

    /**
     * A model client's failure, never a 500: a request the provider cannot take 400; the hourly budget or a rate limit
     * 429; the circuit open 503; no answer in time 504; the provider failing or unreachable 502. A {@code Retry-After}
     * (whole seconds, rounded up) goes with it when the client knows how long to wait.
     */
    private static void chat(Context ctx, ChatException e) {
        e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        write(ctx, status(e), e.getMessage());
    }

    /** The status a model client's failure is answered with (see {@link #chat}). */
    public static int status(ChatException e) {
        return switch (e) {
            case InvalidRequestException i -> 400;
            case BudgetExceededException b -> 429;
            case RateLimitedException r -> 429;
            case CircuitOpenException c -> 503;
            case ChatTimeoutException t -> 504;
            case ProviderException p -> 502;
        };
    }

    /**
     * The error body {@code {"error": {status, code, message, requestId}}} as a JSON object, for a failure that can no
     * longer change the response's status (an event stream already under way).
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode envelope(Context ctx, int status, String message) {
        String requestId = ctx.attribute(RequestFilter.REQUEST_ID_ATTRIBUTE);
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.putObject("error").put("status", status).put("code", ErrorCode.of(status).label()).put("message", message)
                .put("requestId", requestId == null ? "" : requestId);
        return o;
    }

    private String httpMessage(HttpResponseException h, Context ctx) {
        return switch (h.getStatus()) {
            case 404 -> "no route for " + ctx.method() + " " + ctx.path();
            case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> tooLarge(maxRequestBytes);
            default -> h.getMessage();
        };
    }

    /** The 413 message, naming the setting that raises the limit. */
    static String tooLarge(long maxRequestBytes) {
        return "request body exceeds the limit of " + maxRequestBytes + " bytes; raise it with setting server.maxRequestBytes"
                + " (environment ASSAY_SERVER_MAX_REQUEST_BYTES)";
    }

    /** How much of a too-large body is read and discarded before the 413 is sent. */
    static final long TOO_LARGE_DRAIN_BYTES = 1 << 20;

    private static boolean requestHasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * Reads and discards the rest of a refused request's body when it is within the body limit, so the
     * connection stays usable: closing a socket with unread data makes the kernel reset it, and the reset
     * can destroy the refusal before the client has read it. False when the body is larger or unreadable.
     */
    private static boolean drained(Context ctx) {
        return drained(ctx, Requests.maxBytes(ctx));
    }

    /** As {@link #drained(Context)}, discarding at most {@code budget} bytes. */
    private static boolean drained(Context ctx, long budget) {
        return Requests.discardBody(ctx, budget);
    }

    private static void internal(Context ctx, Exception e) {
        LOG.error("unhandled error serving {} {}", ctx.method(), ctx.path(), e);
        write(ctx, 500, INTERNAL_MESSAGE);
    }

    static void write(Context ctx, int status, String message) {
        String requestId = ctx.attribute(RequestFilter.REQUEST_ID_ATTRIBUTE);
        if (status == 413 && requestHasBody(ctx)) {
            // Too large: read and discard up to TOO_LARGE_DRAIN_BYTES so the refusal is not lost to a reset when the
            // body is moderately over the limit, then close: nothing more is read from this connection.
            drained(ctx, Math.max(Requests.maxBytes(ctx), TOO_LARGE_DRAIN_BYTES));
            ctx.header("Connection", "close");
        } else if (requestHasBody(ctx) && !drained(ctx)) {
            // Refused (unauthorized, a bad path parameter, no such route, ...) with its body unread and too large or
            // unreadable to drain: Jetty drops the connection rather than read the rest, so tell the client not to
            // send its next request on it (a pooled client would otherwise meet a closed socket). A body within the
            // limit is drained above, so the connection stays usable.
            ctx.header("Connection", "close");
        }
        ctx.status(status).json(new ErrorEnvelope(
                new ErrorBody(status, ErrorCode.of(status).label(), message, requestId == null ? "" : requestId)));
    }
}
