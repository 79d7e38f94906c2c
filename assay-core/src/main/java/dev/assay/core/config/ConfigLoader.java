package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Document;
import dev.assay.core.document.Mapping;
import dev.assay.core.document.Problems;
import dev.assay.core.document.Section;
import dev.assay.core.document.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Merges defaults, a YAML file (read by the core {@link Document} reader), environment variables
 * and overrides; collects every problem, with the key's path and line or the variable it came
 * from, before failing.
 */
final class ConfigLoader {
    static final String SUBJECT = "invalid configuration";

    /** A raw value, its line in the file (0 elsewhere), its source and, outside the file, where it came from. */
    private record Raw(String text, int line, ConfigOrigin source, String origin) {}

    /** Keys whose value is a structure rather than one scalar: read from the file only, not from the environment. */
    private static final List<String> STRUCTURED = List.of("alerts.channels", "monitors.ranking");

    private final Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
    private final Problems problems;
    private List<ChannelConfig> channels;
    private Section rankingMonitors;

    private ConfigLoader(Problems problems) {
        this.problems = problems;
    }

    static AssayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return read(file, env, overrides).build();
    }

    /** Where {@code dataDir} comes from with these sources (without validating the other keys). */
    static ConfigOrigin dataDirOrigin(Path file, Map<String, String> env, Map<String, String> overrides) {
        return read(file, env, overrides).raw.get(ConfigKey.DATA_DIR).source();
    }

    private static ConfigLoader read(Path file, Map<String, String> env, Map<String, String> overrides) {
        Document doc = file == null ? null : Document.read(file, "config file", SUBJECT);
        ConfigLoader loader = new ConfigLoader(doc == null ? new Problems() : doc.problems());
        for (ConfigKey k : ConfigKey.values()) {
            if (k.defaultValue != null) loader.raw.put(k, new Raw(k.defaultValue, 0, ConfigOrigin.DEFAULT, "default"));
        }
        if (doc != null) loader.walk(doc.root(), "");
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envVariable());
            if (v != null) loader.raw.put(k, new Raw(v, 0, ConfigOrigin.ENVIRONMENT, "environment variable " + k.envVariable()));
        }
        overrides.forEach((key, value) -> ConfigKey.byKey(key).ifPresentOrElse(
                k -> loader.raw.put(k, new Raw(value, 0, ConfigOrigin.OVERRIDE, "override")),
                () -> loader.problems.add("", 0, "unknown key '" + key + "' (override)" + Suggestions.nearest(key,
                        Arrays.stream(ConfigKey.values()).map(k -> k.key).toList()).map(s -> "; did you mean '" + s + "'?").orElse(""))));
        return loader;
    }

    /** Reads the keys of one section ({@code ""} for the top), refusing names that are neither a key nor a section. */
    private void walk(Mapping section, String prefix) {
        List<String> known = Stream.concat(Arrays.stream(ConfigKey.values()).map(k -> k.key), STRUCTURED.stream())
                .filter(k -> prefix.isEmpty() || k.startsWith(prefix + "."))
                .map(k -> (prefix.isEmpty() ? k : k.substring(prefix.length() + 1)).split("\\.", 2)[0])
                .distinct().toList();
        section.allowOnly(known);
        for (String name : section.keys()) {
            if (!known.contains(name)) continue;
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            var configKey = ConfigKey.byKey(key);
            if (key.equals("alerts.channels")) {
                channels = AlertsReader.channels(section);
            } else if (key.equals("monitors.ranking")) {
                Mapping sub = section.mapping(name);
                if (sub != null) rankingMonitors = sub.section(SUBJECT);
            } else if (configKey.isPresent()) {
                String text = section.raw(name);
                if (text != null) raw.put(configKey.get(), new Raw(text, section.lineOf(name), ConfigOrigin.FILE, ""));
            } else {
                Mapping sub = section.mapping(name);
                if (sub != null) walk(sub, key);
            }
        }
    }

    private Object value(ConfigKey k) {
        Raw r = raw.get(k);
        if (r == null) return null;
        try {
            return k.parser.apply(r.text());
        } catch (InvalidInputException e) {
            problems.add(k.key, r.line(), e.getMessage() + (r.origin().isEmpty() ? "" : " (" + r.origin() + ")"));
            return null;
        }
    }

    private AssayConfig build() {
        Path dataDir = (Path) value(ConfigKey.DATA_DIR);
        String host = (String) value(ConfigKey.SERVER_HOST);
        Integer port = (Integer) value(ConfigKey.SERVER_PORT);
        Long maxBytes = (Long) value(ConfigKey.SERVER_MAX_REQUEST_BYTES);
        Duration grace = (Duration) value(ConfigKey.SERVER_SHUTDOWN_GRACE);
        Duration idle = (Duration) value(ConfigKey.SERVER_IDLE_TIMEOUT);
        Duration headers = (Duration) value(ConfigKey.SERVER_HEADER_TIMEOUT);
        Integer maxConnections = (Integer) value(ConfigKey.SERVER_MAX_CONNECTIONS);
        Integer perAddress = (Integer) value(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS);
        if (maxConnections != null && perAddress != null && perAddress > maxConnections) {
            Raw r = raw.get(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS);
            problems.add(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS.key, r.line(), "must be at most server.maxConnections "
                    + maxConnections + ", but was " + perAddress + (r.origin().isEmpty() ? "" : " (" + r.origin() + ")"));
        }
        String storeUrl = (String) value(ConfigKey.STORE_URL);
        Boolean metricsPublic = (Boolean) value(ConfigKey.METRICS_PUBLIC);
        Duration dedupWindow = (Duration) value(ConfigKey.ALERTS_DEDUP_WINDOW);
        @SuppressWarnings("unchecked")
        List<dev.assay.core.ledger.LedgerWitnesses.Endpoint> witnesses =
                (List<dev.assay.core.ledger.LedgerWitnesses.Endpoint>) value(ConfigKey.LEDGER_WITNESSES);
        Duration witnessEvery = (Duration) value(ConfigKey.LEDGER_WITNESS_EVERY);
        LlmConfig llm = llm();
        problems.throwIfAny(SUBJECT);
        StoreConfig store = storeUrl != null ? new StoreConfig(storeUrl) : StoreConfig.sqliteFile(dataDir.resolve("assay.db"));
        return new AssayConfig(dataDir,
                new ServerConfig(host, port, maxBytes, grace, new ServerConfig.Connections(idle, headers, maxConnections, perAddress)),
                store,
                new MetricsConfig(metricsPublic ? MetricsConfig.Exposure.PUBLIC : MetricsConfig.Exposure.VIEWER_TOKEN),
                new AlertsConfig(dedupWindow, channels != null ? channels : AlertsConfig.logOnly()),
                new MonitorsConfig(Optional.ofNullable(rankingMonitors)),
                new LedgerConfig(witnesses, witnessEvery), llm);
    }

    @SuppressWarnings("unchecked")
    private LlmConfig llm() {
        var provider = (Optional<String>) value(ConfigKey.LLM_PROVIDER);
        var baseUrl = (Optional<java.net.URI>) value(ConfigKey.LLM_BASE_URL);
        var keyEnv = (Optional<String>) value(ConfigKey.LLM_API_KEY_ENV);
        var model = (Optional<String>) value(ConfigKey.LLM_MODEL);
        var budget = (Optional<Double>) value(ConfigKey.LLM_BUDGET_PER_HOUR);
        var prices = (Optional<Path>) value(ConfigKey.LLM_PRICES);
        var timeout = (Duration) value(ConfigKey.LLM_TIMEOUT);
        var attempts = (Integer) value(ConfigKey.LLM_MAX_ATTEMPTS);
        var perMinute = (Integer) value(ConfigKey.LLM_REQUESTS_PER_MINUTE);
        var deadline = (Duration) value(ConfigKey.LLM_DEADLINE);
        if (provider == null || baseUrl == null || keyEnv == null || model == null || budget == null || prices == null
                || timeout == null || attempts == null || perMinute == null || deadline == null) return null;
        if (provider.isPresent() && model.isEmpty()) {
            Raw r = raw.get(ConfigKey.LLM_MODEL);
            problems.add(ConfigKey.LLM_MODEL.key, r.line(), "must name the model to forward to when llm.provider is set");
        }
        if (provider.isEmpty() && (baseUrl.isPresent() || model.isPresent() || keyEnv.isPresent() || budget.isPresent())) {
            Raw r = raw.get(ConfigKey.LLM_PROVIDER);
            problems.add(ConfigKey.LLM_PROVIDER.key, r.line(), "must be openai or anthropic when other llm settings are given");
        }
        return new LlmConfig(provider, baseUrl, keyEnv, model, budget, prices, new LlmConfig.Client(timeout, attempts, perMinute, deadline));
    }
}
