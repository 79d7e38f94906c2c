package dev.assay.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Merges defaults, a YAML file, environment variables and overrides; collects every problem before failing. */
final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** A raw value and where it came from, for messages. */
    private record Raw(String text, String source) {}

    private final Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {}

    static AssayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ConfigLoader loader = new ConfigLoader();
        for (ConfigKey k : ConfigKey.values()) {
            if (k.defaultValue != null) loader.raw.put(k, new Raw(k.defaultValue, "default"));
        }
        if (file != null) loader.readFile(file);
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envVariable());
            if (v != null) loader.raw.put(k, new Raw(v, "environment variable " + k.envVariable()));
        }
        overrides.forEach((key, value) -> ConfigKey.byKey(key).ifPresentOrElse(
                k -> loader.raw.put(k, new Raw(value, "override")),
                () -> loader.problems.add("unknown key '" + key + "' (override)")));
        return loader.build();
    }

    private void readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) return; // an empty file is all defaults
        if (!root.isObject()) {
            problems.add("config file " + file + " must hold a mapping of keys, but holds a " + root.getNodeType());
            return;
        }
        walk(root, "", "config file " + file);
    }

    private void walk(JsonNode node, String prefix, String source) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            var configKey = ConfigKey.byKey(key);
            if (configKey.isPresent()) {
                if (value.isNull()) problems.add(key + ": has no value");
                else if (value.isContainerNode()) problems.add(key + ": must be a single value, but was a " + value.getNodeType());
                else raw.put(configKey.get(), new Raw(value.asText(), source));
            } else if (ConfigKey.isSection(key)) {
                if (value.isObject()) walk(value, key, source);
                else problems.add(key + ": must be a section of keys, but was '" + value.asText() + "'");
            } else {
                problems.add("unknown key '" + key + "'");
            }
        }
    }

    private Object value(ConfigKey k) {
        Raw r = raw.get(k);
        if (r == null) return null;
        try {
            return k.parser.apply(r.text());
        } catch (InvalidInputException e) {
            problems.add(k.key + " (" + r.source() + "): " + e.getMessage());
            return null;
        }
    }

    private AssayConfig build() {
        Path dataDir = (Path) value(ConfigKey.DATA_DIR);
        String host = (String) value(ConfigKey.SERVER_HOST);
        Integer port = (Integer) value(ConfigKey.SERVER_PORT);
        Long maxBytes = (Long) value(ConfigKey.SERVER_MAX_REQUEST_BYTES);
        Duration grace = (Duration) value(ConfigKey.SERVER_SHUTDOWN_GRACE);
        String storeUrl = (String) value(ConfigKey.STORE_URL);
        Boolean metricsPublic = (Boolean) value(ConfigKey.METRICS_PUBLIC);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("invalid configuration (" + problems.size()
                    + (problems.size() == 1 ? " problem): " : " problems): ") + String.join("; ", problems));
        }
        StoreConfig store = storeUrl != null ? new StoreConfig(storeUrl) : StoreConfig.sqliteFile(dataDir.resolve("assay.db"));
        return new AssayConfig(dataDir,
                new ServerConfig(host, port, maxBytes, grace),
                store,
                new MetricsConfig(metricsPublic ? MetricsConfig.Exposure.PUBLIC : MetricsConfig.Exposure.VIEWER_TOKEN));
    }
}
