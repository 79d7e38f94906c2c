package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Scalars;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** Every configuration key: dotted name, default (null when derived), and parser of the raw text. */
enum ConfigKey {
    DATA_DIR("dataDir", "./assay-data", ConfigKey::parsePath),
    SERVER_HOST("server.host", "127.0.0.1", ServerConfig::checkHost),
    SERVER_PORT("server.port", "8080", raw -> ServerConfig.checkPort(Scalars.integer(raw))),
    SERVER_MAX_REQUEST_BYTES("server.maxRequestBytes", "1MiB",
            raw -> ServerConfig.checkMaxRequestBytes(ValueParsers.bytes(raw))),
    SERVER_SHUTDOWN_GRACE("server.shutdownGrace", "20s",
            raw -> ServerConfig.checkShutdownGrace(Scalars.duration(raw))),
    SERVER_IDLE_TIMEOUT("server.idleTimeout", "30s",
            raw -> ServerConfig.checkPositive(Scalars.duration(raw), "idleTimeout")),
    SERVER_HEADER_TIMEOUT("server.headerTimeout", "10s",
            raw -> ServerConfig.checkPositive(Scalars.duration(raw), "headerTimeout")),
    SERVER_MAX_CONNECTIONS("server.maxConnections", "1024",
            raw -> ServerConfig.checkAtLeastOne(Scalars.integer(raw), "maxConnections")),
    SERVER_MAX_CONNECTIONS_PER_ADDRESS("server.maxConnectionsPerAddress", "64",
            raw -> ServerConfig.checkAtLeastOne(Scalars.integer(raw), "maxConnectionsPerAddress")),
    STORE_URL("store.url", null, StoreConfig::checkUrl),
    METRICS_PUBLIC("metrics.public", "false", Scalars::bool),
    ALERTS_DEDUP_WINDOW("alerts.dedupWindow", "5m", raw -> notNegative(Scalars.duration(raw))),
    LEDGER_WITNESSES("ledger.witnesses", "", LedgerConfig::parseWitnesses),
    LEDGER_WITNESS_EVERY("ledger.witnessEvery", "60s", raw -> LedgerConfig.checkWitnessEvery(Scalars.duration(raw))),
    LLM_PROVIDER("llm.provider", "", LlmConfig::parseProvider),
    LLM_BASE_URL("llm.baseUrl", "", LlmConfig::parseBaseUrl),
    LLM_API_KEY_ENV("llm.apiKeyEnv", "", LlmConfig::parseEnvName),
    LLM_MODEL("llm.model", "", LlmConfig::parseText),
    LLM_BUDGET_PER_HOUR("llm.budgetPerHour", "", LlmConfig::parseBudget),
    LLM_PRICES("llm.prices", "", LlmConfig::parseFile),
    LLM_TIMEOUT("llm.timeout", LlmConfig.Client.DEFAULT_TIMEOUT.toSeconds() + "s", LlmConfig::parseTimeout),
    LLM_MAX_ATTEMPTS("llm.maxAttempts", "" + LlmConfig.Client.DEFAULT_MAX_ATTEMPTS, raw -> LlmConfig.checkAttempts(Scalars.integer(raw))),
    LLM_REQUESTS_PER_MINUTE("llm.requestsPerMinute", "" + LlmConfig.Client.DEFAULT_REQUESTS_PER_MINUTE, raw -> LlmConfig.checkRequestsPerMinute(Scalars.integer(raw))),
    LLM_DEADLINE("llm.deadline", LlmConfig.Client.DEFAULT_DEADLINE.toSeconds() + "s", LlmConfig::parseDeadline);

    static final String ENV_PREFIX = "ASSAY_";

    final String key;
    final String defaultValue;
    final Function<String, ?> parser;

    ConfigKey(String key, String defaultValue, Function<String, ?> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.parser = parser;
    }

    /** {@code server.maxRequestBytes} becomes {@code ASSAY_SERVER_MAX_REQUEST_BYTES}. */
    String envVariable() {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** True when {@code prefix} names a section holding keys, e.g. {@code server}. */
    static boolean isSection(String prefix) {
        return Arrays.stream(values()).anyMatch(k -> k.key.startsWith(prefix + "."));
    }

    static SortedMap<String, String> environmentMapping() {
        SortedMap<String, String> map = new TreeMap<>();
        for (ConfigKey k : values()) map.put(k.key, k.envVariable());
        return java.util.Collections.unmodifiableSortedMap(map);
    }

    private static java.time.Duration notNegative(java.time.Duration d) {
        if (d.isNegative()) throw new InvalidInputException("must not be negative, but was " + d);
        return d;
    }

    private static Path parsePath(String raw) {
        if (raw.isBlank()) throw new InvalidInputException("must be a directory path, but was empty");
        try {
            return Path.of(raw).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInputException("must be a directory path, but was '" + raw + "': " + e.getReason());
        }
    }
}
