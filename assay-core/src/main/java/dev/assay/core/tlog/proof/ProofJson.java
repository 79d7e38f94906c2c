package dev.assay.core.tlog.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Merkle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reading and writing the fields the proof documents share; errors name the document and the field. */
final class ProofJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProofJson() {}

    /** The {@code format} field of a proof document. */
    static String format(String json) {
        return tree(json).path("format").asText("");
    }

    private static JsonNode tree(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the proof is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new InvalidInputException("the proof is not a JSON object");
        return n;
    }

    static ObjectNode object(String json, String format) {
        JsonNode n = tree(json);
        String actual = n.path("format").asText("");
        if (!format.equals(actual))
            throw new InvalidInputException("the proof's format must be " + format + ", but was '" + actual + "'");
        return (ObjectNode) n;
    }

    static String write(ObjectNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proof document cannot be written", e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new InvalidInputException("the proof's '" + field + "' must be text");
        return v.asText();
    }

    static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : text(n, field);
    }

    static long whole(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0)
            throw new InvalidInputException("the proof's '" + field + "' must be a whole number >= 0");
        return v.asLong();
    }

    static byte[] hash(JsonNode n, String field) {
        return decodeHash(text(n, field), "'" + field + "'");
    }

    static byte[] decodeHash(String base64, String what) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the proof's " + what + " is not base64");
        }
        if (b.length != Merkle.HASH_BYTES)
            throw new InvalidInputException("the proof's " + what + " must be a " + Merkle.HASH_BYTES + "-byte hash, but has " + b.length + " bytes");
        return b;
    }

    static List<byte[]> hashes(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) throw new InvalidInputException("the proof's '" + field + "' must be an array of base64 hashes");
        List<byte[]> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw new InvalidInputException("the proof's '" + field + "[" + i + "]' must be text");
            out.add(decodeHash(v.get(i).asText(), "'" + field + "[" + i + "]'"));
        }
        return out;
    }

    static void putHashes(ObjectNode n, String field, List<byte[]> hashes) {
        ArrayNode a = n.putArray(field);
        for (byte[] h : hashes) a.add(Base64.getEncoder().encodeToString(h));
    }
}
