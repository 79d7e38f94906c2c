package dev.assay.models.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link ChatClient} of an OpenAI-compatible {@code POST {base}/chat/completions}, on {@code java.net.http} and Jackson.
 *
 * <p>Each call runs through Resilience4j, outermost first: a retry (jittered exponential backoff, at least the
 * provider's {@code Retry-After} / {@code retry-after-ms}; on 429, 5xx, unreachable and timed out attempts), the
 * client's rate limiter (each attempt takes a permit), a circuit breaker (counting 5xx, unreachable and timed out
 * attempts; 429 counts neither way) and a time limiter per attempt whose timeout cancels the HTTP exchange, which
 * closes its connection.
 */
final class OpenAiChatClient implements ChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;

    private final ChatClientConfig config;
    private final URI uri;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Retry retry;
    private final RateLimiter rateLimiter;
    private final CircuitBreaker circuit;
    private final TimeLimiter timeLimiter;
    private final Random jitter;

    OpenAiChatClient(ChatClientConfig config, Clock clock, RetryListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        this.uri = config.completionsUri();
        this.jitter = new Random(config.jitterSeed());
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("assay-chat-timeouts").daemon(true).unstarted(r));
        String name = "chat " + uri;
        this.timeLimiter = TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(config.timeout()).cancelRunningFuture(true).build());
        long periodNanos = Math.max(1, Math.round(1e9 / config.requestsPerSecond()));
        this.rateLimiter = RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(config.rateLimitWait()).build());
        this.circuit = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.circuitWindow()).minimumNumberOfCalls(config.circuitWindow())
                .failureRateThreshold(config.failureRate()).waitDurationInOpenState(config.circuitOpenFor())
                .recordException(OpenAiChatClient::unhealthy)
                .ignoreException(e -> e instanceof RateLimitedException)
                .build());
        this.retry = Retry.of(name, RetryConfig.<ChatResponse>custom().maxAttempts(config.maxAttempts())
                .retryOnException(this::retryable)
                .intervalBiFunction((IntervalBiFunction<ChatResponse>) (attempt, outcome) -> wait(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> listener.retrying(e.getNumberOfRetryAttempts(),
                e.getLastThrowable() == null ? "" : String.valueOf(e.getLastThrowable().getMessage()), e.getWaitInterval()));
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        byte[] body = body(Objects.requireNonNull(request, "request"));
        Supplier<ChatResponse> once = () -> attempt(body);
        Supplier<ChatResponse> guarded = Retry.decorateSupplier(retry,
                RateLimiter.decorateSupplier(rateLimiter, CircuitBreaker.decorateSupplier(circuit, once)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            throw new CircuitOpenException("calls to " + uri + " are suspended for up to " + config.circuitOpenFor()
                    + " after repeated failures (circuit open)", config.circuitOpenFor());
        } catch (RequestNotPermitted limited) {
            throw new RateLimitedException("no permit from the client's rate limit of " + config.requestsPerSecond()
                    + " requests per second within " + config.rateLimitWait(), null);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }

    /** One attempt, cancelled when the time limit passes. */
    private ChatResponse attempt(byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.apiKey().ifPresent(k -> req.header("Authorization", "Bearer " + k));
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        // The time limiter completes the future it is given; a dependent one, so the exchange itself is cancelled (which aborts it).
        CompletableFuture<HttpResponse<byte[]>> view = exchange.thenApply(r -> r);
        HttpResponse<byte[]> response;
        try {
            response = timeLimiter.executeCompletionStage(timer, () -> view).toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            exchange.cancel(true);
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException)
                throw new ChatTimeoutException("no answer from " + uri + " within " + config.timeout() + "; the request was cancelled");
            if (cause instanceof IOException io)
                throw new ProviderException("could not reach " + uri + ": " + describe(io), io);
            if (cause instanceof RuntimeException re) throw re;
            throw new ProviderException("the request to " + uri + " failed: " + describe(cause), cause);
        }
        return answer(response);
    }

    private ChatResponse answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 429) {
            Duration after = retryAfter(response).orElse(null);
            throw new RateLimitedException(uri + " answered 429 (rate limited)" + (after == null ? "" : ", retry after " + after)
                    + errorDetail(response.body()), after);
        }
        if (status < 200 || status > 299) {
            throw new ProviderException(uri + " answered HTTP " + status + errorDetail(response.body()), status, retryAfter(response).orElse(null));
        }
        return ChatResponses.parse(response.body(), uri + " answered HTTP " + status + " but ", status);
    }

    private static boolean unhealthy(Throwable e) {
        return e instanceof ChatTimeoutException || e instanceof ProviderException p && p.retryable();
    }

    private boolean retryable(Throwable e) {
        if (e instanceof RateLimitedException r)
            return r.retryAfter().map(d -> d.compareTo(config.maxRetryAfter()) <= 0).orElse(true);
        return unhealthy(e);
    }

    /** The wait before attempt {@code attempt + 1}: doubling backoff, jittered by +-50%, capped, but never below a Retry-After. */
    private long wait(int attempt, Throwable failure) {
        double base = config.initialBackoff().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double jittered;
        synchronized (jitter) {
            jittered = base * (0.5 + jitter.nextDouble());
        }
        long backoff = Math.min(config.maxBackoff().toMillis(), Math.max(1, Math.round(jittered)));
        if (failure instanceof ChatException c && c.retryAfter().isPresent())
            return Math.max(backoff, c.retryAfter().get().toMillis());
        return backoff;
    }

    /** {@code retry-after-ms} (OpenAI's), else {@code Retry-After} in seconds or as an HTTP date. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> ms = response.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().strip());
                if (v >= 0 && Double.isFinite(v)) return Optional.of(Duration.ofMillis(Math.round(v)));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) return Optional.empty();
        String v = header.get().strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && Double.isFinite(seconds)) return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            return Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    static byte[] body(ChatRequest r) {
        ObjectNode n = JSON.createObjectNode().put("model", r.model());
        ArrayNode messages = n.putArray("messages");
        for (ChatMessage m : r.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
        r.temperature().ifPresent(t -> n.put("temperature", t));
        r.maxTokens().ifPresent(t -> n.put("max_tokens", t));
        r.seed().ifPresent(s -> n.put("seed", s));
        if (r.logprobs()) n.put("logprobs", true);
        r.topLogprobs().ifPresent(k -> n.put("top_logprobs", k));
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise: " + e.getOriginalMessage(), e);
        }
    }

    /** The provider's own error message, if its body has one ({@code {"error": {"message": ...}}}). */
    private static String errorDetail(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode m = n == null ? null : n.path("error").path("message");
            if (m != null && m.isTextual() && !m.asText().isBlank()) return ": " + clip(m.asText());
            JsonNode e = n == null ? null : n.get("error");
            if (e != null && e.isTextual()) return ": " + clip(e.asText());
        } catch (IOException notJson) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) return ": " + clip(text);
        }
        return "";
    }

    static String clip(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL) + "...";
    }

    private static String describe(Throwable t) {
        if (t instanceof java.net.ConnectException) return "connection refused";
        if (t instanceof java.nio.channels.ClosedChannelException) return "connection closed";
        String m = t.getMessage();
        return m == null || m.isBlank() ? "connection failed" : clip(m);
    }
}
