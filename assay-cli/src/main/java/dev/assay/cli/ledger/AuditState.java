package dev.assay.cli.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code assay ledger audit} remembers in its state directory, in {@value #FILE}: the verifier
 * key it trusts and the last checkpoint it accepted (a signed note, checked again on every load).
 */
record AuditState(String verifierKey, String checkpoint) {
    static final String FILE = "audit-state.json";
    static final String FORMAT = "assay-audit-state/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    AuditState {
        Objects.requireNonNull(verifierKey, "verifierKey");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** The state in {@code dir}, empty when there is none yet. */
    static Optional<AuditState> load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        JsonNode n;
        try {
            n = MAPPER.readTree(ProofFiles.read(file, "audit state"));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("audit state " + file + " is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !FORMAT.equals(n.path("format").asText()) || !n.path("verifierKey").isTextual()
                || !n.path("checkpoint").isTextual())
            throw new InvalidInputException("audit state " + file + " is not an " + FORMAT + " document");
        return Optional.of(new AuditState(n.get("verifierKey").asText(), n.get("checkpoint").asText()));
    }

    /** Replaces the state in {@code dir} (created if missing) atomically. */
    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode n = MAPPER.createObjectNode().put("format", FORMAT).put("verifierKey", verifierKey).put("checkpoint", checkpoint);
        ProofFiles.writeAtomically(dir.resolve(FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }
}
