package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 */
public record LlmConfig(Optional<String> provider, Optional<URI> baseUrl, Optional<String> apiKeyEnv, Optional<String> model,
                        Optional<Double> budgetPerHour, Optional<Path> prices) {
    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";

    public LlmConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(budgetPerHour, "budgetPerHour");
        Objects.requireNonNull(prices, "prices");
    }

    /** No model configured. */
    public static LlmConfig none() {
        return new LlmConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
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

    static Optional<Path> parseFile(String raw) {
        if (raw.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(raw.strip()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("must be a file path, but was '" + raw + "': " + e.getReason());
        }
    }
}
