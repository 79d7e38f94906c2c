package dev.assay.models.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
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
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The resilience both chat clients share: the HTTP client, and Resilience4j outermost first: a retry (jittered
 * exponential backoff, at least the provider's {@code Retry-After} / {@code retry-after-ms}; on 429, 5xx, unreachable
 * and timed out attempts), the client's rate limiter (each attempt takes a permit; none within the configured wait is a
 * {@link RateLimitedException}, not retried, whose retry-after is the time to the next permit), a circuit breaker (counting 5xx,
 * unreachable and timed out attempts; 429 counts neither way; after its open time one trial attempt closes or reopens
 * it) and a time limit per attempt that cancels the work it
 * guards (the HTTP exchange, or the stream being read), which closes its connection; all of it within the call's deadline,
 * which cuts an attempt's time limit and the waits to what is left and stops the retries when it passes (the wait for a
 * rate-limit permit is bounded by its own setting).
 */
final class Resilience implements AutoCloseable {
    private static final int MAX_DETAIL = 200;
    /** The backoff's jitter: each wait is the exponential base times a factor in [1 - JITTER, 1 + JITTER). */
    static final double JITTER = 0.5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The deadline ({@link System#nanoTime}) of the call this thread runs, which caps each attempt's time limit. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final ChatClientConfig config;
    private final URI endpoint;
    private final Clock clock;
    private final ChatClient.RetryListener listener;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService readers;
    private final AtomicRateLimiter rateLimiter;
    private final CircuitBreaker circuit;
    private final TimeLimiter timeLimiter;
    private final Random jitter;
    private final String name;

    Resilience(ChatClientConfig config, URI endpoint, Clock clock, ChatClient.RetryListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.jitter = new Random(config.jitterSeed());
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("assay-chat-timeouts").daemon(true).unstarted(r));
        this.readers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("assay-chat-stream-", 0).factory());
        this.name = "chat " + endpoint;
        this.timeLimiter = TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(config.timeout()).cancelRunningFuture(true).build());
        this.rateLimiter = new AtomicRateLimiter(name, RateLimiterConfig.custom().limitForPeriod(config.rateLimitPermits())
                .limitRefreshPeriod(config.rateLimitPeriod()).timeoutDuration(config.rateLimitWait()).build());
        this.circuit = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.circuitWindow()).minimumNumberOfCalls(config.circuitWindow())
                .failureRateThreshold(config.failureRate()).waitDurationInOpenState(config.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1) // one trial attempt decides: success closes, failure reopens
                .recordException(Resilience::unhealthy)
                .ignoreException(e -> e instanceof RateLimitedException)
                .build());
    }

    HttpClient http() {
        return http;
    }

    ExecutorService readers() {
        return readers;
    }

    ChatClientConfig config() {
        return config;
    }

    URI endpoint() {
        return endpoint;
    }

    /** The circuit breaker's state now. */
    ChatClient.CircuitState circuitState() {
        return switch (circuit.getState()) {
            case OPEN, FORCED_OPEN -> ChatClient.CircuitState.OPEN;
            case HALF_OPEN -> ChatClient.CircuitState.HALF_OPEN;
            default -> ChatClient.CircuitState.CLOSED;
        };
    }

    /**
     * Runs {@code attempt} through the retry, rate limiter and circuit breaker, within the call's deadline. A failure is
     * retried only while {@code mayRetry} holds (a stream that already delivered text is not sent again), the deadline
     * has not passed and the failure's retry-after ends before it; the wait between attempts is cut to what is left,
     * and an attempt that would start after it is not made (a {@link ChatTimeoutException} that names the deadline).
     */
    <T> T call(Supplier<T> attempt, BooleanSupplier mayRetry) {
        long deadline = System.nanoTime() + config.deadline().toNanos();
        AtomicInteger made = new AtomicInteger();
        Retry retry = Retry.of(name, RetryConfig.<T>custom().maxAttempts(config.maxAttempts())
                .retryOnException(e -> mayRetry.getAsBoolean() && retryable(e) && endsBefore(e, deadline))
                .intervalBiFunction((IntervalBiFunction<T>) (n, outcome) ->
                        Math.max(0, Math.min(backoffMillis(n, outcome.isLeft() ? outcome.getLeft() : null), leftMillis(deadline))))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> listener.retrying(e.getNumberOfRetryAttempts(), e.getLastThrowable(), e.getWaitInterval()));
        Supplier<T> limited = RateLimiter.decorateSupplier(rateLimiter, CircuitBreaker.decorateSupplier(circuit, attempt));
        Supplier<T> bounded = () -> {
            if (deadline - System.nanoTime() <= 0)
                throw new ChatTimeoutException("the call to " + endpoint + " reached its deadline of " + config.deadline() + " after "
                        + made.get() + (made.get() == 1 ? " attempt" : " attempts") + "; no further attempt was made");
            made.incrementAndGet();
            return limited.get();
        };
        Supplier<T> guarded = Retry.decorateSupplier(retry, bounded);
        Long outer = DEADLINE.get();
        DEADLINE.set(deadline);
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            throw new CircuitOpenException("calls to " + endpoint + " are suspended for up to " + config.circuitOpenFor()
                    + " after repeated failures (circuit open)", config.circuitOpenFor());
        } catch (RequestNotPermitted refused) {
            Duration next = nextPermit();
            throw new RateLimitedException("no permit from the client's rate limit of " + config.rateLimitText()
                    + " within " + config.rateLimitWait() + "; the next permit comes in about " + next, next);
        } finally {
            if (outer == null) DEADLINE.remove();
            else DEADLINE.set(outer);
        }
    }

    /** Milliseconds left before {@code deadline} (a {@link System#nanoTime} value); negative once it passed. */
    private static long leftMillis(long deadline) {
        return Math.floorDiv(deadline - System.nanoTime(), 1_000_000L);
    }

    /** Whether a retry after {@code failure} could start before {@code deadline}: time is left, beyond its retry-after. */
    private static boolean endsBefore(Throwable failure, long deadline) {
        long left = leftMillis(deadline);
        if (left <= 0) return false;
        return !(failure instanceof ChatException c && c.retryAfter().isPresent() && c.retryAfter().get().toMillis() >= left);
    }

    /**
     * Waits for {@code work} at most the time limit. On timeout or failure {@code cancel} runs (cancelling the exchange
     * or closing the stream, which closes the connection); the time limiter itself only completes the future it
     * holds, a dependent one, so the work would otherwise go on.
     *
     * @param what how a timeout is told, e.g. "no answer from URI"
     */
    <T> T within(CompletableFuture<T> work, Runnable cancel, String what) {
        CompletableFuture<T> view = work.thenApply(r -> r);
        Long deadline = DEADLINE.get();
        long left = deadline == null ? Long.MAX_VALUE : Math.max(1, leftMillis(deadline));
        boolean cut = left < config.timeout().toMillis();
        TimeLimiter limiter = cut
                ? TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(left)).cancelRunningFuture(true).build())
                : timeLimiter;
        try {
            return limiter.executeCompletionStage(timer, () -> view).toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            cancel.run();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException)
                throw new ChatTimeoutException(what + " within " + (cut ? Duration.ofMillis(left) + ", what was left of the call's deadline of "
                        + config.deadline() : config.timeout()) + "; the request was cancelled");
            if (cause instanceof IOException io)
                throw new ProviderException("could not reach " + endpoint + ": " + describe(io), io);
            if (cause instanceof java.io.UncheckedIOException broken)
                throw new ProviderException("the answer of " + endpoint + " broke off: " + describe(broken.getCause()), broken.getCause());
            if (cause instanceof RuntimeException re) throw re;
            throw new ProviderException("the request to " + endpoint + " failed: " + describe(cause), cause);
        }
    }

    /**
     * One attempt of a plain exchange: sends {@code request}, waits for the whole body within the time limit (a
     * timeout cancels the exchange) and hands status and body to {@code answer}.
     */
    <T> T exchange(HttpRequest request, java.util.function.Function<HttpResponse<byte[]>, T> answer) {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response = within(exchange, () -> exchange.cancel(true), "no answer from " + endpoint);
        return answer.apply(response);
    }

    /**
     * One attempt of a streamed exchange: sends {@code request} and hands the response, whose body is its lines as they
     * arrive, to {@code read} on a reader thread. The time limit covers the whole stream: when it passes, the
     * exchange is cancelled and the line stream closed, which closes the connection and ends the read.
     */
    <T> T stream(HttpRequest request, java.util.function.Function<HttpResponse<Stream<String>>, T> read) {
        CompletableFuture<HttpResponse<Stream<String>>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Stream<String>> open = new AtomicReference<>();
        CompletableFuture<T> work = exchange.thenApplyAsync(response -> {
            open.set(response.body());
            if (cancelled.get()) response.body().close();
            try (Stream<String> lines = response.body()) {
                return read.apply(response);
            }
        }, readers);
        return within(work, () -> {
            cancelled.set(true);
            exchange.cancel(true);
            Stream<String> lines = open.get();
            if (lines != null) lines.close();
        }, "the answer from " + endpoint + " did not finish");
    }

    /** What turns a provider's server-sent events into the answer, telling the caller each piece of text as it comes. */
    interface StreamAssembly extends Sse.Handler {
        ChatResponse response();
    }

    /**
     * A streamed call with retries: a non-2xx answer becomes {@code error}'s exception, the events go to the assembly
     * {@code assembly} makes around the caller's {@code onDelta}, and a failed attempt is retried only while no text
     * has reached the caller (who would otherwise see the start of the answer twice).
     */
    ChatResponse streamed(HttpRequest request, URI uri, Consumer<String> onDelta,
                          java.util.function.BiFunction<HttpResponse<?>, byte[], ChatException> error,
                          java.util.function.Function<Consumer<String>, StreamAssembly> assembly) {
        AtomicBoolean delivered = new AtomicBoolean();
        Consumer<String> tracked = d -> {
            delivered.set(true);
            onDelta.accept(d);
        };
        return call(() -> stream(request, response -> {
            if (response.statusCode() < 200 || response.statusCode() > 299) throw error.apply(response, drain(response.body()));
            StreamAssembly a = assembly.apply(tracked);
            Sse.read(response.body(), uri, a);
            return a.response();
        }), () -> !delivered.get());
    }

    /** The body of a failed streamed exchange, at most 64 KiB. */
    static byte[] drain(Stream<String> lines) {
        StringBuilder b = new StringBuilder();
        Iterator<String> it = lines.iterator();
        while (it.hasNext() && b.length() < 64 * 1024) b.append(it.next()).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Fails at once when the prompt (every message's text together) is over the configured size. */
    void checkSize(List<ChatMessage> messages) {
        long chars = 0;
        for (ChatMessage m : messages) chars += m.content().length();
        if (chars > config.maxPromptChars())
            throw new InvalidRequestException("the prompt has " + chars + " characters, over the limit of " + config.maxPromptChars()
                    + "; nothing was sent to " + endpoint);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.shutdownNow();
        http.close();
    }

    private static boolean unhealthy(Throwable e) {
        return e instanceof ChatTimeoutException || e instanceof ProviderException p && p.retryable();
    }

    private boolean retryable(Throwable e) {
        if (e instanceof RateLimitedException r)
            return r.retryAfter().map(d -> d.compareTo(config.maxRetryAfter()) <= 0).orElse(true);
        return unhealthy(e);
    }

    /**
     * How long until the rate limiter has a permit for a caller arriving now (at least 1 ms): the end of the current
     * cycle, later when callers already wait for the next ones.
     */
    private Duration nextPermit() {
        long nanos = rateLimiter.getDetailedMetrics().getNanosToWait();
        return Duration.ofMillis(Math.max(1, (nanos + 999_999) / 1_000_000));
    }

    /**
     * The wait in milliseconds before attempt {@code attempt + 1} (the Retry's interval function): the initial backoff
     * doubled per failed attempt, times a seeded factor uniform in [1 - {@link #JITTER}, 1 + {@link #JITTER}), capped
     * at the longest backoff, but never below the failure's retry-after.
     */
    long backoffMillis(int attempt, Throwable failure) {
        double base = config.initialBackoff().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double jittered;
        synchronized (jitter) {
            jittered = base * (1 - JITTER + 2 * JITTER * jitter.nextDouble());
        }
        long backoff = Math.min(config.maxBackoff().toMillis(), Math.max(1, Math.round(jittered)));
        if (failure instanceof ChatException c && c.retryAfter().isPresent())
            return Math.max(backoff, c.retryAfter().get().toMillis());
        return backoff;
    }

    /** {@code retry-after-ms} (OpenAI's), else {@code Retry-After} in seconds or as an HTTP date. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
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

    /**
     * The provider's own error message, if its body has one: OpenAI's {@code {"error": {"message": ...}}} or
     * Anthropic's {@code {"type": "error", "error": {"type": ..., "message": ...}}} (then with its type), else the text.
     */
    static String errorDetail(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null) return "";
            JsonNode m = n.path("error").path("message");
            if (m.isTextual() && !m.asText().isBlank()) {
                JsonNode type = n.path("error").path("type");
                boolean anthropic = n.path("type").asText().equals("error") && type.isTextual();
                return ": " + (anthropic ? type.asText() + ": " : "") + clip(m.asText());
            }
            JsonNode e = n.get("error");
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

    static String describe(Throwable t) {
        if (t instanceof java.net.ConnectException) return "connection refused";
        if (t instanceof java.nio.channels.ClosedChannelException) return "connection closed";
        String m = t.getMessage();
        return m == null || m.isBlank() ? "connection failed" : clip(m);
    }
}
