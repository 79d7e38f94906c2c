package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ChatClient} reaches an endpoint and how hard it tries.
 *
 * @param baseUrl           the API's base: {@code https://api.openai.com/v1} (OpenAI-compatible requests go to
 *                          {@code {base}/chat/completions}) or {@code https://api.anthropic.com} (to {@code {base}/v1/messages})
 * @param apiKey            sent as {@code Authorization: Bearer ...} when present
 * @param timeout           time limit of one attempt; the request is cancelled when it passes
 * @param maxAttempts       attempts per call, the first included (1 = no retry)
 * @param initialBackoff    wait before the second attempt; doubled per attempt, jittered by +-50%
 * @param maxBackoff        longest wait between attempts
 * @param maxRetryAfter     longest {@code Retry-After} honoured; a provider asking for more fails the call at once
 * @param rateLimitPermits  attempts the client's own rate limiter lets through per {@code rateLimitPeriod}
 * @param rateLimitPeriod   the rate limiter's cycle: {@code rateLimitPermits} permits at the start of each
 * @param rateLimitWait     longest a call waits for the rate limiter's permit (0: refused at once when there is none)
 * @param circuitWindow     attempts the circuit breaker's failure rate is computed over (also the fewest before it can open)
 * @param failureRate       percentage of failed attempts in the window that opens the circuit, in (0, 100]
 * @param circuitOpenFor    how long the circuit stays open before letting trial calls through
 * @param jitterSeed        seed of the backoff jitter
 * @param maxPromptChars    longest prompt (characters of every message together) sent; a longer one is refused before sending
 * @param deadline          longest a whole call takes, every attempt and wait between attempts included: an attempt's time
 *                          limit is cut to what is left, and no retry is made that could not start before it passes
 */
public record ChatClientConfig(URI baseUrl, Optional<String> apiKey, Duration timeout, int maxAttempts, Duration initialBackoff,
                               Duration maxBackoff, Duration maxRetryAfter, int rateLimitPermits, Duration rateLimitPeriod, Duration rateLimitWait,
                               int circuitWindow, float failureRate, Duration circuitOpenFor, long jitterSeed, int maxPromptChars,
                               Duration deadline) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** 50 attempts a minute, the design's limit (a minute's cycle, so up to 50 may go at once). */
    public static final int DEFAULT_RATE_LIMIT_PERMITS = 50;
    public static final Duration DEFAULT_RATE_LIMIT_PERIOD = Duration.ofMinutes(1);
    /** A whole period: a caller sending one call at a time is slowed to the limit, never refused. */
    public static final Duration DEFAULT_RATE_LIMIT_WAIT = DEFAULT_RATE_LIMIT_PERIOD;
    public static final int DEFAULT_CIRCUIT_WINDOW = 20;
    public static final float DEFAULT_FAILURE_RATE = 50;
    public static final Duration DEFAULT_CIRCUIT_OPEN_FOR = Duration.ofSeconds(30);
    public static final long DEFAULT_JITTER_SEED = 1;
    /** About 250,000 tokens of English, beyond the context of the usual models. */
    public static final int DEFAULT_MAX_PROMPT_CHARS = 1_000_000;
    /** Five minutes: the default attempts' own limits and waits (4 x 60 s, backoff up to 30 s) fit within about that. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
    static final Duration MAX_DEADLINE = Duration.ofDays(1);
    static final int MAX_ATTEMPTS = 20;
    static final double MAX_REQUESTS_PER_SECOND = 10_000;

    public ChatClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null)
            throw new InvalidInputException("the endpoint must be an http or https URL with a host, but was '" + baseUrl + "'");
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null)
            throw new InvalidInputException("the endpoint must not have a query or fragment, but was '" + baseUrl + "'");
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isPresent() && (apiKey.get().isBlank() || apiKey.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)))
            throw new InvalidInputException("the API key must be printable ASCII without spaces");
        positive(timeout, "timeout");
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)
            throw new InvalidInputException("maxAttempts must be in [1, " + MAX_ATTEMPTS + "], but was " + maxAttempts);
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0)
            throw new InvalidInputException("maxBackoff (" + maxBackoff + ") must not be below initialBackoff (" + initialBackoff + ")");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetryAfter.isNegative()) throw new InvalidInputException("maxRetryAfter must not be negative, but was " + maxRetryAfter);
        if (rateLimitPermits < 1) throw new InvalidInputException("rateLimitPermits must be at least 1, but was " + rateLimitPermits);
        positive(rateLimitPeriod, "rateLimitPeriod");
        Objects.requireNonNull(rateLimitWait, "rateLimitWait");
        if (rateLimitWait.isNegative()) throw new InvalidInputException("rateLimitWait must not be negative, but was " + rateLimitWait);
        if (circuitWindow < 1) throw new InvalidInputException("circuitWindow must be at least 1, but was " + circuitWindow);
        if (!(failureRate > 0 && failureRate <= 100))
            throw new InvalidInputException("failureRate must be in (0, 100], but was " + failureRate);
        positive(circuitOpenFor, "circuitOpenFor");
        if (maxPromptChars < 1) throw new InvalidInputException("maxPromptChars must be at least 1, but was " + maxPromptChars);
        positive(deadline, "deadline");
        if (deadline.compareTo(MAX_DEADLINE) > 0) throw new InvalidInputException("deadline must be at most " + MAX_DEADLINE + ", but was " + deadline);
    }

    /** The defaults for {@code baseUrl} without an API key. */
    public static ChatClientConfig defaults(URI baseUrl) {
        return new ChatClientConfig(baseUrl, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER, DEFAULT_RATE_LIMIT_PERMITS, DEFAULT_RATE_LIMIT_PERIOD, DEFAULT_RATE_LIMIT_WAIT,
                DEFAULT_CIRCUIT_WINDOW, DEFAULT_FAILURE_RATE, DEFAULT_CIRCUIT_OPEN_FOR, DEFAULT_JITTER_SEED, DEFAULT_MAX_PROMPT_CHARS,
                DEFAULT_DEADLINE);
    }

    /** These settings sending {@code key} as a bearer token. */
    public ChatClientConfig withApiKey(String key) {
        return new ChatClientConfig(baseUrl, Optional.of(key), timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, deadline);
    }

    /** These settings with another per-attempt time limit. */
    public ChatClientConfig withTimeout(Duration t) {
        return new ChatClientConfig(baseUrl, apiKey, t, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, deadline);
    }

    /** These settings with {@code attempts} attempts per call, backing off from {@code initial} up to {@code max}. */
    public ChatClientConfig withRetry(int attempts, Duration initial, Duration max) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, attempts, initial, max, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, deadline);
    }

    /** These settings honouring a {@code Retry-After} of at most {@code max}. */
    public ChatClientConfig withMaxRetryAfter(Duration max) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, maxAttempts, initialBackoff, maxBackoff, max,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, deadline);
    }

    /** These settings with a circuit breaker over {@code window} attempts opening at {@code rate}% failures for {@code openFor}. */
    public ChatClientConfig withCircuit(int window, float rate, Duration openFor) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, window, rate, openFor, jitterSeed, maxPromptChars, deadline);
    }

    /**
     * These settings letting {@code permits} attempts through per {@code period} (all of them at the start of each
     * period, Resilience4j's cycles), waiting at most {@code wait} for a permit.
     */
    public ChatClientConfig withRateLimit(int permits, Duration period, Duration wait) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                permits, period, wait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, deadline);
    }

    /** These settings letting one attempt through every {@code 1 / perSecond} seconds, waiting at most {@code wait} for a permit. */
    public ChatClientConfig withRateLimit(double perSecond, Duration wait) {
        if (!(perSecond > 0 && perSecond <= MAX_REQUESTS_PER_SECOND))
            throw new InvalidInputException("the rate must be in (0, " + (long) MAX_REQUESTS_PER_SECOND + "] per second, but was " + perSecond);
        return withRateLimit(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond))), wait);
    }

    /** The rate limit as people say it: {@code "50 per PT1M"}. */
    String rateLimitText() {
        return rateLimitPermits + " per " + rateLimitPeriod;
    }

    /** These settings refusing prompts of more than {@code chars} characters (every message together). */
    public ChatClientConfig withMaxPromptChars(int chars) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, chars, deadline);
    }

    /** These settings with another deadline for a whole call, retries included. */
    public ChatClientConfig withDeadline(Duration d) {
        return new ChatClientConfig(baseUrl, apiKey, timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                rateLimitPermits, rateLimitPeriod, rateLimitWait, circuitWindow, failureRate, circuitOpenFor, jitterSeed, maxPromptChars, d);
    }

    /** The chat completions endpoint under {@link #baseUrl}. */
    public URI completionsUri() {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
    }

    /**
     * Anthropic's Messages endpoint: {@code {base}/v1/messages}, or {@code {base}/messages} when the base already ends
     * in {@code /v1} (so {@code https://api.anthropic.com} and {@code https://api.anthropic.com/v1} both work).
     */
    public URI messagesUri() {
        String base = baseUrl.toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new InvalidInputException(name + " must be positive, but was " + d);
    }
}
