package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.InvalidInputException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own rate limiter (each attempt takes a permit; none in time is a typed refusal with the time to the next
 * permit, or a wait) and the retry's jittered backoff, read from the interval function itself. Counts and types only:
 * no assertion depends on how fast the machine is.
 */
class RateLimitAndBackoffTest {
    private static final String MODEL = "gpt-4o-mini";
    private static final String PROMPT = "What is the capital of France?";
    private ReplayServer server;

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClientConfig config() {
        return ChatClientConfig.defaults(server.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withTimeout(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultLimitIsTheDesigns50AMinute() {
        ChatClientConfig d = ChatClientConfig.defaults(server.baseUrl());
        assertThat(d.rateLimitPermits()).isEqualTo(50);
        assertThat(d.rateLimitPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.rateLimitWait()).isEqualTo(d.rateLimitPeriod()); // one call at a time is slowed, never refused
        // the default limiter without its wait: 50 calls go, the 51st within the minute is refused unsent
        try (ChatClient c = ChatClient.openAi(d.withRateLimit(d.rateLimitPermits(), d.rateLimitPeriod(), Duration.ZERO))) {
            for (int i = 0; i < 50; i++) assertThat(c.complete(ChatRequest.of(MODEL, PROMPT)).content()).isEqualTo("The capital of France is Paris.");
            RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, () -> c.complete(ChatRequest.of(MODEL, PROMPT)));
            assertThat(refused.getMessage()).contains("client's rate limit of 50 per PT1M");
            assertThat(refused.retryAfter()).hasValueSatisfying(d2 -> assertThat(d2).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
        }
        assertThat(server.requests()).hasSize(50);
    }

    @Test
    void withoutAWaitTheThirdCallOfAPeriodOfTwoIsRefusedWithTheTimeToTheNextPermit() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChatMetrics metrics = new ChatMetrics(meters, Clock.systemUTC());
        try (ChatClient c = metrics.observe(ChatClient.openAi(config().withRateLimit(2, Duration.ofHours(1), Duration.ZERO)), "openai")) {
            c.complete(ChatRequest.of(MODEL, PROMPT));
            c.complete(ChatRequest.of(MODEL, PROMPT));
            RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, () -> c.complete(ChatRequest.of(MODEL, PROMPT)));
            assertThat(refused.getMessage()).contains("no permit from the client's rate limit of 2 per PT1H within PT0S")
                    .contains("next permit").doesNotContain("Exception").doesNotContain("RequestNotPermitted");
            assertThat(refused.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
        assertThat(meters.get(ChatMetrics.RATE_LIMITED).counter().count()).isEqualTo(1);
    }

    @Test
    void everyAttemptTakesAPermitSoARetryUsesUpThePeriod() {
        List<String> retried = new ArrayList<>();
        ChatClientConfig cfg = config().withRetry(3, Duration.ofMillis(1), Duration.ofMillis(2)).withRateLimit(2, Duration.ofHours(1), Duration.ZERO);
        server.enqueue(ReplayServer.Fault.status(503, "{\"error\": {\"message\": \"overloaded\"}}"));
        try (ChatClient c = ChatClient.openAi(cfg, Clock.systemUTC(), (attempt, reason, wait) -> retried.add(reason))) {
            assertThat(c.complete(ChatRequest.of(MODEL, PROMPT)).content()).isEqualTo("The capital of France is Paris."); // 503, then the answer
            // the limiter's refusal is not retried: trying again at once could not get a permit either
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, PROMPT))).isInstanceOf(RateLimitedException.class);
        }
        assertThat(retried).singleElement().asString().contains("HTTP 503");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void withAWaitACallBeyondThePeriodsPermitsWaitsForTheNextPeriodInsteadOfFailing() {
        try (ChatClient c = ChatClient.openAi(config().withRateLimit(2, Duration.ofMillis(200), Duration.ofSeconds(30)))) {
            for (int i = 0; i < 5; i++) assertThat(c.complete(ChatRequest.of(MODEL, PROMPT)).content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aDeadlineMustBePositiveAndAtMostADay() {
        ChatClientConfig d = ChatClientConfig.defaults(server.baseUrl());
        assertThat(d.deadline()).isEqualTo(ChatClientConfig.DEFAULT_DEADLINE);
        assertThatThrownBy(() -> d.withDeadline(Duration.ZERO)).isInstanceOf(InvalidInputException.class).hasMessageContaining("deadline");
        assertThatThrownBy(() -> d.withDeadline(Duration.ofDays(2))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deadline must be at most PT24H");
        assertThat(d.withDeadline(Duration.ofSeconds(3)).deadline()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRateLimitMustHaveAPermitAndAPeriod() {
        ChatClientConfig d = ChatClientConfig.defaults(server.baseUrl());
        assertThatThrownBy(() -> d.withRateLimit(0, Duration.ofMinutes(1), Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rateLimitPermits").hasMessageContaining("0");
        assertThatThrownBy(() -> d.withRateLimit(5, Duration.ZERO, Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rateLimitPeriod");
        assertThatThrownBy(() -> d.withRateLimit(5, Duration.ofMinutes(1), Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rateLimitWait");
        assertThatThrownBy(() -> d.withRateLimit(0.0, Duration.ZERO)).isInstanceOf(InvalidInputException.class).hasMessageContaining("per second");
        assertThat(d.withRateLimit(4.0, Duration.ZERO).rateLimitPeriod()).isEqualTo(Duration.ofMillis(250));
    }

    /** A Resilience with backoff from {@code initial} up to {@code max}, seeded with {@code seed}; no request is sent. */
    private static Resilience backoff(Duration initial, Duration max, long seed) {
        ChatClientConfig c = ChatClientConfig.defaults(URI.create("http://127.0.0.1:9/v1")).withRetry(5, initial, max);
        c = new ChatClientConfig(c.baseUrl(), c.apiKey(), c.timeout(), c.maxAttempts(), c.initialBackoff(), c.maxBackoff(), c.maxRetryAfter(),
                c.rateLimitPermits(), c.rateLimitPeriod(), c.rateLimitWait(), c.circuitWindow(), c.failureRate(), c.circuitOpenFor(), seed,
                c.maxPromptChars(), c.deadline());
        return new Resilience(c, c.completionsUri(), Clock.systemUTC(), ChatClient.RetryListener.NONE);
    }

    @Test
    void backoffDoublesPerAttemptJitteredWithinPlusMinusHalfAndNotAllEqual() {
        long base = 1000;
        try (Resilience r = backoff(Duration.ofMillis(base), Duration.ofHours(1), 7)) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                double exp = base * Math.pow(2, attempt - 1);
                Set<Long> seen = new HashSet<>();
                long lowest = Long.MAX_VALUE;
                long highest = 0;
                for (int i = 0; i < 200; i++) {
                    long w = r.backoffMillis(attempt, null);
                    assertThat(w).as("attempt %d", attempt).isBetween(Math.round(exp * (1 - Resilience.JITTER)), Math.round(exp * (1 + Resilience.JITTER)));
                    seen.add(w);
                    lowest = Math.min(lowest, w);
                    highest = Math.max(highest, w);
                }
                assertThat(seen).as("attempt %d", attempt).hasSizeGreaterThan(100);
                // the jitter uses its whole range, not a sliver of it
                assertThat(lowest).isLessThan(Math.round(exp * 0.75));
                assertThat(highest).isGreaterThan(Math.round(exp * 1.25));
            }
        }
    }

    @Test
    void backoffIsReproducibleFromItsSeedCappedAndNeverBelowARetryAfter() {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Long> other = new ArrayList<>();
        try (Resilience r1 = backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 1);
             Resilience r2 = backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 1);
             Resilience r3 = backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2)) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                a.add(r1.backoffMillis(attempt, null));
                b.add(r2.backoffMillis(attempt, null));
                other.add(r3.backoffMillis(attempt, null));
            }
            assertThat(a).isEqualTo(b).isNotEqualTo(other);
            // 500 ms doubled 9 times is 256 s, jittered at least 128 s: capped at 30 s
            assertThat(r1.backoffMillis(10, null)).isEqualTo(30_000);
            RateLimitedException limited = new RateLimitedException("429", Duration.ofSeconds(120));
            assertThat(r1.backoffMillis(1, limited)).isEqualTo(120_000);
        }
    }
}
