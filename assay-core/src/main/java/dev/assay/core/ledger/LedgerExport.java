package dev.assay.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The auditor's export format, JSON lines: first
 * {@code {"format":"assay-ledger-export/1","keyId","publicKey","head":{"seq","hash","signature","checkpoint"}}}
 * (the checkpoint, the signed C2SP note of the head's Merkle tree, once the ledger has one),
 * then one object per entry with the stored fields. An auditor verifies it with the
 * public key they trust, not the one the file carries.
 */
final class LedgerExport {
    static final String FORMAT = "assay-ledger-export/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LedgerExport() {}

    static void write(OutputStream out, LedgerKeys keys, long headSeq, String headHash, String headSignature,
                      String headCheckpoint, Consumer<Predicate<LedgerEntry>> entries) {
        write(new OutputStreamWriter(out, StandardCharsets.UTF_8), keys, headSeq, headHash, headSignature, headCheckpoint, entries);
    }

    /** The export as text to {@code out}, flushed at the end and left open. */
    static void write(Writer out, LedgerKeys keys, long headSeq, String headHash, String headSignature,
                      String headCheckpoint, Consumer<Predicate<LedgerEntry>> entries) {
        var w = new BufferedWriter(out, 1 << 16);
        try {
            ObjectNode header = MAPPER.createObjectNode();
            header.put("format", FORMAT);
            header.put("keyId", keys.keyId());
            header.put("publicKey", keys.publicKeyPem());
            ObjectNode head = header.putObject("head");
            head.put("seq", headSeq);
            head.put("hash", headHash);
            head.put("signature", headSignature);
            if (!headCheckpoint.isEmpty()) head.put("checkpoint", headCheckpoint);
            w.write(MAPPER.writeValueAsString(header));
            w.write('\n');
            entries.accept(e -> {
                try {
                    w.write(MAPPER.writeValueAsString(e.toJson()));
                    w.write('\n');
                    return true;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            w.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new LedgerException("cannot write the ledger export: " + e.getMessage(), e);
        }
    }

    static VerifyReport verify(InputStream in, LedgerKeys trusted, VerifyMode mode) {
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String first = r.readLine();
            if (first == null) throw new InvalidInputException("ledger export is empty: expected a header line");
            JsonNode header = parse(first, 1);
            if (!FORMAT.equals(header.path("format").asText()))
                throw new InvalidInputException("ledger export line 1: format must be " + FORMAT + ", but was "
                        + header.path("format"));
            JsonNode head = header.path("head");
            long headSeq = requireLong(head, "seq", 1);
            LedgerVerifier v = new LedgerVerifier(trusted, mode, headSeq);
            String line;
            long lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                if (!v.accept(LedgerEntry.fromJson(parse(line, lineNo), "ledger export line " + lineNo))) break;
            }
            return v.finish(requireText(head, "hash", 1), head.path("signature").asText(""), head.path("checkpoint").asText(""));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the ledger export: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String line, long lineNo) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("ledger export line " + lineNo + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String requireText(JsonNode n, String field, long line) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual())
            throw new InvalidInputException("ledger export line " + line + ": missing text field '" + field + "'");
        return v.asText();
    }

    private static long requireLong(JsonNode n, String field, long line) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber())
            throw new InvalidInputException("ledger export line " + line + ": missing integer field '" + field + "'");
        return v.asLong();
    }
}
