package dev.assay.core.registry;

import dev.assay.core.InvalidInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a model version came from: its configuration (a JSON object), the hash of the data
 * it was built from, the seed, the code version and when it was built.
 */
public record Provenance(JsonNode config, String dataHash, long seed, String codeVersion, Instant builtAt) {
    public Provenance {
        List<String> problems = problems(config, dataHash, codeVersion);
        if (!problems.isEmpty()) throw new InvalidInputException(String.join("; ", problems));
        Objects.requireNonNull(builtAt, "builtAt");
    }

    /**
     * The provenance with the defaults that {@code assay models add-version} and
     * {@code POST /api/v1/models/{model}/versions} both apply: no {@code config} is an empty
     * object, no {@code builtAt} is the clock's now. {@code dataHash}, {@code seed} and
     * {@code codeVersion} have no default.
     */
    public static Provenance withDefaults(JsonNode config, String dataHash, long seed, String codeVersion, Instant builtAt,
                                          Clock clock) {
        return new Provenance(config == null ? JsonNodeFactory.instance.objectNode() : config, dataHash, seed, codeVersion,
                builtAt == null ? clock.instant() : builtAt);
    }

    /** Every problem of these values at once (the constructor's checks), empty when they are valid; a null is a problem. */
    public static List<String> problems(JsonNode config, String dataHash, String codeVersion) {
        List<String> out = new ArrayList<>();
        if (config == null) out.add("provenance config is required");
        else if (!config.isObject()) out.add("provenance config must be a JSON object, but was " + config.getNodeType());
        if (dataHash == null || dataHash.isBlank() || dataHash.length() > 128)
            out.add("provenance dataHash must be 1..128 characters, but was " + dataHash);
        if (codeVersion == null || codeVersion.isBlank() || codeVersion.length() > 128)
            out.add("provenance codeVersion must be 1..128 characters, but was " + codeVersion);
        return out;
    }
}
