package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Scalars;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The model the service's chat proxy ({@code POST /api/v1/llm/chat}) forwards to. Without a provider no model is
 * configured and the proxy answers 503.
 *
 * @param provider      {@code openai} (any OpenAI-compatible endpoint) or {@code anthropic} ({@code llm.provider}); empty: none
 * @param baseUrl       the API's base ({@code llm.baseUrl}); empty: the provider's public API
 * @param apiKeyEnv     the environment variable holding the API key ({@code llm.apiKeyEnv}); empty: no key is sent
 * @param model         the model asked for when a request names none ({@code llm.model})
 * @param budgetPerHour the spending limit over any 60 minutes, in the price table's currency ({@code llm.budgetPerHour}); empty: none
 * @param prices        the price table's JSON file ({@code llm.prices}); empty: calls cost 0, unpriced
 * @param client        how hard the proxy's client tries ({@code llm.timeout}, {@code llm.maxAttempts}, {@code llm.requestsPerMinute},
 *                      {@code llm.deadline})
 */
public record LlmConfig(Optional<String> provider, Optional<URI> baseUrl, Optional<String> apiKeyEnv, Optional<String> model,
                        Optional<Double> budgetPerHour, Optional<Path> prices, Client client) {
    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";

    /**
     * The proxy's client: a call makes at most {@code maxAttempts} attempts of at most {@code timeout} each and ends
     * by its {@code deadline}, so a provider that never answers holds a request at most the shorter of the deadline and
     * {@code maxAttempts x timeout} (plus the backoff between attempts), and all calls together send at most
     * {@code requestsPerMinute} attempts a minute.
     *
     * @param timeout           time limit of one attempt, the whole answer (or stream) included ({@code llm.timeout})
     * @param maxAttempts       attempts per call, the first included ({@code llm.maxAttempts}), in [1, {@value #MAX_ATTEMPTS}]
     * @param requestsPerMinute attempts let through per minute by the client's rate limiter ({@code llm.requestsPerMinute})
     * @param deadline          longest one call takes, all attempts and the waits between them included ({@code llm.deadline}),
     *                          at most {@link #MAX_DEADLINE}
     */
    public record Client(Duration timeout, int maxAttempts, int requestsPerMinute, Duration deadline) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        /** The design's limit. */
        public static final int DEFAULT_REQUESTS_PER_MINUTE = 50;
        public static final int MAX_ATTEMPTS = 20;
        public static final int MAX_REQUESTS_PER_MINUTE = 600_000;
        /** Two minutes: the default attempts (3 x 30 s) and their backoff fit within it. */
        public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);
        public static final Duration MAX_DEADLINE = Duration.ofDays(1);

        public Client {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) throw new InvalidInputException("timeout must be positive, but was " + timeout);
            if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)
                throw new InvalidInputException("maxAttempts must be in [1, " + MAX_ATTEMPTS + "], but was " + maxAttempts);
            if (requestsPerMinute < 1 || requestsPerMinute > MAX_REQUESTS_PER_MINUTE)
                throw new InvalidInputException("requestsPerMinute must be in [1, " + MAX_REQUESTS_PER_MINUTE + "], but was " + requestsPerMinute);
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0)
                throw new InvalidInputException("deadline must be positive and at most " + MAX_DEADLINE + ", but was " + deadline);
        }

        /** These settings, with {@code timeout}, {@code maxAttempts} and {@code requestsPerMinute} and the default deadline. */
        public Client(Duration timeout, int maxAttempts, int requestsPerMinute) {
            this(timeout, maxAttempts, requestsPerMinute, DEFAULT_DEADLINE);
        }

        /** 30 s per attempt, 3 attempts, 50 attempts a minute, 2 minutes a call. */
        public static Client defaults() {
            return new Client(DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_DEADLINE);
        }
    }

    public LlmConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(budgetPerHour, "budgetPerHour");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(client, "client");
    }

    /** No model configured. */
    public static LlmConfig none() {
        return new LlmConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Client.defaults());
    }

    /** The base URL to use: the configured one, else the provider's public API. */
    public Optional<URI> effectiveBaseUrl() {
        if (baseUrl.isPresent()) return baseUrl;
        return provider.map(p -> URI.create(p.equals(ANTHROPIC) ? "https://api.anthropic.com" : "https://api.openai.com/v1"));
    }

    static Optional<String> parseProvider(String raw) {
        String p = raw.strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) return Optional.empty();
        if (!p.equals(OPENAI) && !p.equals(ANTHROPIC))
            throw new InvalidInputException("must be openai or anthropic (or empty for none), but was '" + raw + "'");
        return Optional.of(p);
    }

    static Optional<URI> parseBaseUrl(String raw) {
        if (raw.isBlank()) return Optional.empty();
        try {
            URI u = new URI(raw.strip());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null)
                throw new InvalidInputException("must be an http or https URL with a host, but was '" + raw + "'");
            return Optional.of(u);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("must be an http or https URL, but was '" + raw + "'");
        }
    }

    static Optional<String> parseEnvName(String raw) {
        if (raw.isBlank()) return Optional.empty();
        if (!raw.strip().matches("[A-Za-z_][A-Za-z0-9_]*"))
            throw new InvalidInputException("must be an environment variable name (letters, digits, _), but was '" + raw + "'");
        return Optional.of(raw.strip());
    }

    static Optional<String> parseText(String raw) {
        return raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
    }

    static Optional<Double> parseBudget(String raw) {
        if (raw.isBlank()) return Optional.empty();
        double v;
        try {
            v = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("must be a positive number (the spend allowed per 60 minutes), but was '" + raw + "'");
        }
        if (!(v > 0 && Double.isFinite(v))) throw new InvalidInputException("must be a positive number, but was " + raw.strip());
        return Optional.of(v);
    }

    static Duration parseTimeout(String raw) {
        Duration d = Scalars.duration(raw);
        if (d.isNegative() || d.isZero()) throw new InvalidInputException("must be a positive duration (per attempt), but was " + raw.strip());
        return d;
    }

    static Duration parseDeadline(String raw) {
        Duration d = Scalars.duration(raw);
        if (d.isNegative() || d.isZero() || d.compareTo(Client.MAX_DEADLINE) > 0)
            throw new InvalidInputException("must be a positive duration of at most 24h (per call, retries included), but was " + raw.strip());
        return d;
    }

    static int checkAttempts(int n) {
        if (n < 1 || n > Client.MAX_ATTEMPTS)
            throw new InvalidInputException("must be a whole number in [1, " + Client.MAX_ATTEMPTS + "] (1: no retry), but was " + n);
        return n;
    }

    static int checkRequestsPerMinute(int n) {
        if (n < 1 || n > Client.MAX_REQUESTS_PER_MINUTE)
            throw new InvalidInputException("must be a whole number in [1, " + Client.MAX_REQUESTS_PER_MINUTE + "], but was " + n);
        return n;
    }

    static Optional<Path> parseFile(String raw) {
        if (raw.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(raw.strip()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("must be a file path, but was '" + raw + "': " + e.getReason());
        }
    }
}
