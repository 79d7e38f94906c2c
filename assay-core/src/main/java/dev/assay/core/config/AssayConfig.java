package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * The whole Assay configuration: where data lives, how the service listens, which store it uses,
 * where alerts go, and the monitor settings capability modules read.
 *
 * <p>Sources, later ones winning: built-in defaults, one YAML file, environment variables,
 * explicit overrides (command-line flags). Every key {@code a.bC} has the environment variable
 * {@code ASSAY_A_B_C} (dots become underscores, camelCase becomes SNAKE_CASE), see
 * {@link #environmentMapping()}:
 *
 * <pre>
 * dataDir                 ASSAY_DATA_DIR                   ./assay-data
 * server.host             ASSAY_SERVER_HOST                127.0.0.1
 * server.port             ASSAY_SERVER_PORT                8080 (0 = any free port)
 * server.maxRequestBytes  ASSAY_SERVER_MAX_REQUEST_BYTES   1MiB (bytes, or KiB / MiB suffix)
 * server.shutdownGrace    ASSAY_SERVER_SHUTDOWN_GRACE      20s (a duration: 250ms, 30s, 5m, 2h, 2d, 1h30m or PT20S)
 * server.idleTimeout      ASSAY_SERVER_IDLE_TIMEOUT        30s (a connection without traffic this long is closed)
 * server.headerTimeout    ASSAY_SERVER_HEADER_TIMEOUT      10s (to send the first request's headers)
 * server.maxConnections   ASSAY_SERVER_MAX_CONNECTIONS     1024
 * server.maxConnectionsPerAddress  ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS  64 (at most server.maxConnections)
 * store.url               ASSAY_STORE_URL                  jdbc:sqlite:&lt;dataDir&gt;/assay.db
 * metrics.public          ASSAY_METRICS_PUBLIC             false (true: /metrics needs no token)
 * alerts.dedupWindow      ASSAY_ALERTS_DEDUP_WINDOW        5m (0 disables deduplication)
 * ledger.witnesses        ASSAY_LEDGER_WITNESSES           none (VKEY=URL items, separated by spaces or commas)
 * ledger.witnessEvery     ASSAY_LEDGER_WITNESS_EVERY       60s (at least 1s)
 * llm.provider            ASSAY_LLM_PROVIDER               none (openai or anthropic: the model the chat proxy forwards to)
 * llm.baseUrl             ASSAY_LLM_BASE_URL               the provider's public API
 * llm.apiKeyEnv           ASSAY_LLM_API_KEY_ENV            none (the variable holding the API key, e.g. OPENAI_API_KEY)
 * llm.model               ASSAY_LLM_MODEL                  none (required with a provider)
 * llm.budgetPerHour       ASSAY_LLM_BUDGET_PER_HOUR        none (spend allowed over any 60 minutes)
 * llm.prices              ASSAY_LLM_PRICES                 none (a price table JSON file; without it calls cost 0)
 * llm.timeout             ASSAY_LLM_TIMEOUT                30s (time limit of one attempt, a streamed answer's whole stream included)
 * llm.maxAttempts         ASSAY_LLM_MAX_ATTEMPTS           3 (attempts per call, the first included; 1 to 20)
 * llm.requestsPerMinute   ASSAY_LLM_REQUESTS_PER_MINUTE    50 (attempts the proxy's client sends per minute)
 * llm.deadline            ASSAY_LLM_DEADLINE               120s (longest one call takes, retries and backoff included)
 * </pre>
 *
 * Two keys hold structures and come from the file only: {@code alerts.channels}, the list of alert
 * channels (see {@link AlertsConfig}; without it alerts go to the log), and {@code monitors.ranking},
 * ranking monitor limits kept as a raw {@link dev.assay.core.document.Section} for the ranking module's reader.
 *
 * Loading reports every problem at once in one {@link InvalidInputException}.
 */
public record AssayConfig(Path dataDir, ServerConfig server, StoreConfig store, MetricsConfig metrics,
                          AlertsConfig alerts, MonitorsConfig monitors, LedgerConfig ledger, LlmConfig llm) {
    public AssayConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(monitors, "monitors");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(llm, "llm");
    }

    /** The configuration with no file, no environment and no overrides. */
    public static AssayConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Loads defaults, then {@code file} (may be null), then the mapped variables of {@code env},
     * then {@code overrides} keyed by dotted key name (e.g. {@code server.port}).
     *
     * @throws InvalidInputException naming every unknown key and bad value
     */
    public static AssayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return ConfigLoader.load(file, env, overrides);
    }

    /**
     * Where {@link #dataDir()} comes from when loading with these sources, e.g. to tell a user which
     * setting chose a directory.
     *
     * @throws InvalidInputException when {@code file} cannot be read as YAML
     */
    public static ConfigOrigin dataDirOrigin(Path file, Map<String, String> env, Map<String, String> overrides) {
        return ConfigLoader.dataDirOrigin(file, env, overrides);
    }

    /** Every configuration key and its environment variable, sorted by key. */
    public static SortedMap<String, String> environmentMapping() {
        return ConfigKey.environmentMapping();
    }
}
