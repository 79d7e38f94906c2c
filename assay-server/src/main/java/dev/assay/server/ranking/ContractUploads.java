package dev.assay.server.ranking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.server.Requests;
import dev.assay.server.ranking.RankingContractModule.EvaluateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;

/**
 * The contract request as {@code multipart/form-data}: file parts {@code qrels}, {@code production}
 * and {@code candidate} (plain or gzip), and the JSON body's other fields either in one JSON part
 * {@code settings} or as one part each ({@code alpha=0.05}, {@code record=true},
 * {@code candidateLatencies=[12.5, 14]}, {@code contract} as YAML text). Parsed in memory from the
 * already bounded body; a gzip part is decompressed up to the same limit.
 */
final class ContractUploads {
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final Set<String> TEXTS = Set.of("qrels", "production", "candidate");
    /** Settings whose value is text; any other setting's part is read as a JSON value. */
    private static final Set<String> TEXT_SETTINGS = Set.of("measure", "method", "contract", "model");
    private static final Set<String> SETTINGS = Set.of("measure", "method", "alpha", "margin", "resamples", "seed", "contract",
            "candidateLatencies", "record", "model");

    private ContractUploads() {}

    static EvaluateRequest read(byte[] body, String contentType, long maxBytes) {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty())
            throw new InvalidInputException("multipart/form-data body needs a boundary parameter in its Content-Type");
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxLength(maxBytes);
        parser.setMaxMemoryFileSize(maxBytes + 1);
        parser.setUseFilesForPartsWithoutFileName(false);
        parser.setMaxParts(32);
        Map<String, byte[]> texts = new LinkedHashMap<>();
        ObjectNode settings = TREE.createObjectNode();
        try (MultiPartFormData.Parts parts = parse(parser, body)) {
            for (MultiPart.Part part : parts) {
                String name = part.getName();
                if (name == null) throw new InvalidInputException("multipart part without a name");
                // ISO-8859-1 maps each byte to one char and back, so this is the part's bytes unchanged
                byte[] bytes = part.getContentAsString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
                if (Requests.isGzip(bytes)) bytes = Requests.gunzip(bytes, maxBytes, "part '" + name + "'");
                if (TEXTS.contains(name)) {
                    if (texts.put(name, bytes) != null) throw new InvalidInputException("part '" + name + "' is given twice");
                } else if (name.equals("settings")) {
                    merge(settings, settingsPart(bytes));
                } else if (SETTINGS.contains(name)) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    ObjectNode one = TREE.createObjectNode();
                    one.set(name, TEXT_SETTINGS.contains(name) ? one.textNode(text) : jsonValue(name, text));
                    merge(settings, one);
                } else {
                    throw new InvalidInputException("unknown part '" + name + "'; expected qrels, production, candidate, settings or one of "
                            + SETTINGS);
                }
            }
        }
        EvaluateRequest s;
        try {
            s = settings.isEmpty() ? null : Requests.parse(TREE.writeValueAsBytes(settings), EvaluateRequest.class, "settings");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new EvaluateRequest(text(texts, "qrels"), text(texts, "production"), text(texts, "candidate"),
                s == null ? null : s.measure(), s == null ? null : s.method(), s == null ? null : s.alpha(),
                s == null ? null : s.margin(), s == null ? null : s.resamples(), s == null ? null : s.seed(),
                s == null ? null : s.contract(), s == null ? null : s.candidateLatencies(), s == null ? null : s.record(),
                s == null ? null : s.model());
    }

    private static MultiPartFormData.Parts parse(MultiPartFormData.Parser parser, byte[] body) {
        Content.Source source = new ByteBufferContentSource(ByteBuffer.wrap(body));
        try {
            return parser.parse(source).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause instanceof org.eclipse.jetty.http.HttpException h ? h.getReason() : cause.getMessage();
            throw new InvalidInputException("malformed multipart/form-data body" + (reason == null ? "" : ": " + reason));
        }
    }

    private static ObjectNode settingsPart(byte[] bytes) {
        JsonNode node;
        try {
            node = TREE.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("part 'settings' is not valid JSON");
        }
        if (node == null || !node.isObject()) throw new InvalidInputException("part 'settings' must be a JSON object");
        for (String f : TEXTS)
            if (node.has(f)) throw new InvalidInputException("part 'settings' must not hold '" + f + "'; send it as a file part");
        return (ObjectNode) node;
    }

    private static JsonNode jsonValue(String name, String text) {
        try {
            JsonNode n = TREE.readTree(text);
            if (n == null || n.isMissingNode()) throw new InvalidInputException("part '" + name + "' is empty");
            return n;
        } catch (IOException e) {
            throw new InvalidInputException("part '" + name + "' must be a JSON value (a number, true/false or an array), but was '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (var it = from.fields(); it.hasNext(); ) {
            var e = it.next();
            if (into.has(e.getKey())) throw new InvalidInputException("setting '" + e.getKey() + "' is given twice");
            into.set(e.getKey(), e.getValue());
        }
    }

    private static String text(Map<String, byte[]> texts, String name) {
        byte[] b = texts.get(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
