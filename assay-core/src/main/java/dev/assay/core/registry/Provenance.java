package dev.assay.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a model version came from: its configuration (a JSON object), the hash of the data
 * it was built from, the seed, the code version and when it was built.
 */
public record Provenance(JsonNode config, String dataHash, long seed, String codeVersion, Instant builtAt) {
    public Provenance {
        Objects.requireNonNull(config, "config");
        if (!config.isObject()) throw new IllegalArgumentException("provenance config must be a JSON object, but was " + config.getNodeType());
        if (dataHash == null || dataHash.isBlank() || dataHash.length() > 128)
            throw new IllegalArgumentException("provenance dataHash must be 1..128 characters, but was " + dataHash);
        if (codeVersion == null || codeVersion.isBlank() || codeVersion.length() > 128)
            throw new IllegalArgumentException("provenance codeVersion must be 1..128 characters, but was " + codeVersion);
        Objects.requireNonNull(builtAt, "builtAt");
    }
}
