package dev.assay.cli;

import dev.assay.core.config.AssayConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that touches configuration shares ({@code @Mixin ConfigOptions config}):
 * one YAML file and the data directory; the environment ({@code ASSAY_*}) applies beneath them.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path file;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./assay-data; env ASSAY_DATA_DIR)")
    Path dataDir;

    /** The configuration: defaults, {@code --config}, environment, {@code --data-dir}, then {@code overrides}. */
    public AssayConfig load(CliContext ctx, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        if (dataDir != null) all.put("dataDir", dataDir.toString());
        all.putAll(overrides);
        return AssayConfig.load(file, ctx.env(), all);
    }

    public AssayConfig load(CliContext ctx) {
        return load(ctx, Map.of());
    }
}
