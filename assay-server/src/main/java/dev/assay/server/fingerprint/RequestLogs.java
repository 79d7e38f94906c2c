package dev.assay.server.fingerprint;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The logs (JSONL text) and signatures (base64) of one request, read within the service's limits: at most
 * {@value #MAX_RESPONSES} responses per log, at most {@value #MAX_ENCODED_BITS} encoded bits (responses times
 * dimension) over the request's logs, response vectors of one length of at most {@value #MAX_VECTOR_LENGTH} numbers.
 * A bad line names its field and line ({@code candidate:3: not valid JSON ...}); with {@code skipBadLines} it is
 * skipped and reported in {@link #skippedLines()}. Not thread-safe: one instance per request.
 */
final class RequestLogs {
    /** Responses one log may hold. */
    static final int MAX_RESPONSES = 100_000;
    /** Responses times dimension over one request's logs: the encoded vectors' memory is about twice this in bits. */
    static final long MAX_ENCODED_BITS = 1L << 31;
    /** Numbers in a response's {@code vector}: the projection planes cost dimension times this in bits. */
    static final int MAX_VECTOR_LENGTH = 4_096;

    /** A log's responses and its identity (field name, SHA-256 of its text, responses). */
    record Log(List<Response> responses, Signature.Source source) {}

    private final boolean skipBadLines;
    private final List<String> skipped = new ArrayList<>();
    private long bits;
    private int vectorLength = -1;

    RequestLogs(boolean skipBadLines) {
        this.skipBadLines = skipBadLines;
    }

    /** The JSONL text of {@code field}, to be encoded at {@code dimension}; refused when it holds no response. */
    Log read(String text, String field, int dimension) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Response> out = new ArrayList<>();
        ResponseLog.Options options = skipBadLines ? ResponseLog.Options.SKIP_BAD_LINES : ResponseLog.Options.STRICT;
        ResponseLog.Report report;
        try {
            report = ResponseLog.read(new ByteArrayInputStream(bytes), field, options, r -> {
                if (out.size() == MAX_RESPONSES) {
                    throw new InvalidInputException("field '" + field + "' holds more than " + MAX_RESPONSES
                            + " responses, the limit of one log");
                }
                bits += dimension;
                if (bits > MAX_ENCODED_BITS) {
                    throw new InvalidInputException("the logs of this request hold more than " + MAX_ENCODED_BITS / dimension
                            + " responses in all, the limit at dimension " + dimension + " (field '" + field + "')");
                }
                checkVector(r, field);
                out.add(r);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        skipped.addAll(report.describeBadLines());
        if (out.isEmpty()) throw new InvalidInputException("field '" + field + "' holds no response");
        return new Log(out, new Signature.Source(field, Hashing.sha256Hex(bytes), out.size()));
    }

    private void checkVector(Response r, String field) {
        if (r.vector() == null) return;
        int n = r.vector().length;
        if (n > MAX_VECTOR_LENGTH) {
            throw new InvalidInputException("field '" + field + "': a response's vector has " + n + " numbers, more than the "
                    + MAX_VECTOR_LENGTH + " the service encodes");
        }
        if (vectorLength >= 0 && n != vectorLength) {
            throw new InvalidInputException("field '" + field + "': response vectors have " + vectorLength + " and " + n
                    + " numbers; the vectors of one request must have one length");
        }
        vectorLength = n;
    }

    /** The signature whose base64 text is {@code field}; refused when not base64, truncated or tampered with. */
    static Signature signature(String base64, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("field '" + field + "' is not valid base64: " + e.getMessage());
        }
        return Signature.fromBytes(bytes, field);
    }

    /** {@code log}'s responses encoded under {@code config}. */
    static List<EncodedResponse> encode(Log log, EncoderConfig config) {
        return new ResponseEncoder(config).encodeAll(log.responses(), Progress.none());
    }

    /** A signature of every response of {@code log} (each one sampled, up to the format's limit) named {@code model}. */
    static Signature reference(Log log, String model, EncoderConfig config) {
        Signature.Builder b = Signature.builder(config, model)
                .sampleLimit(Math.min(Signature.MAX_SAMPLE_LIMIT, log.responses().size()))
                .source(log.source());
        for (EncodedResponse e : encode(log, config)) b.add(e);
        return b.build();
    }

    /** The one model named by the log's {@code model} fields, or "" when none names one. */
    static String modelOf(Log log, String field) {
        Set<String> models = new LinkedHashSet<>();
        for (Response r : log.responses()) if (r.model() != null) models.add(r.model());
        if (models.size() > 1) {
            List<String> some = models.stream().limit(4).toList();
            throw new InvalidInputException("field '" + field + "' holds responses of " + models.size() + " models ("
                    + String.join(", ", some) + (models.size() > 4 ? ", ..." : "") + "); give one model per log, or name it with 'model'");
        }
        return models.isEmpty() ? "" : models.iterator().next();
    }

    /** Every skipped line of the request's logs, {@code field:line: problem}. */
    List<String> skippedLines() {
        return List.copyOf(skipped);
    }

    /** The encoder configuration of {@code dim} and {@code seed} (defaults when null), its errors naming the two fields. */
    static EncoderConfig config(Integer dim, String seed, String dimField, String seedField) {
        try {
            return EncoderConfig.of(dim == null ? EncoderConfig.DEFAULT_DIMENSION : dim, seed == null ? EncoderConfig.DEFAULT_SEED : seed);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("fields '" + dimField + "', '" + seedField + "': " + e.getMessage());
        }
    }

    /** Refuses {@code dim} and {@code seed} when given and unlike the reference signature's configuration. */
    static void requireMatches(EncoderConfig config, Integer dim, String seed, String dimField, String seedField, String what) {
        if (dim != null && dim != config.dimension()) {
            throw new InvalidInputException("field '" + dimField + "' is " + dim + ", but " + what + " has dimension " + config.dimension());
        }
        if (seed != null && !seed.equals(config.seed())) {
            throw new InvalidInputException("field '" + seedField + "' is '" + seed + "', but " + what + " has item seed '"
                    + config.seed() + "'");
        }
    }
}
