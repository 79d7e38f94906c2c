package dev.assay.flink;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Parses each line as a single machine reads it (UTF-8 decoded strictly, {@link ResponseLog#parse}), takes its model
 * (the record's, else the default), refuses a model without a reference, and for time windows reads the record's
 * time and assigns its window. A bad line fails the job naming its file and line.
 */
final class ParseForDrift extends RichMapFunction<LogLine, DriftLine> {
    private final List<String> files;
    private final String defaultModel;
    private final Set<String> models;
    private final Windowing windowing;
    private transient CharsetDecoder utf8;
    private transient ObjectMapper json;

    ParseForDrift(List<String> files, String defaultModel, Set<String> models, Windowing windowing) {
        this.files = List.copyOf(files);
        this.defaultModel = defaultModel;
        this.models = Set.copyOf(models);
        this.windowing = windowing;
    }

    @Override
    public void open(OpenContext context) {
        utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        json = new ObjectMapper();
    }

    @Override
    public DriftLine map(LogLine line) {
        String text = decode(line);
        Response r;
        try {
            r = ResponseLog.parse(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where(line) + ": " + e.getMessage());
        }
        String model = r.model() != null ? r.model() : defaultModel;
        if (model == null) throw new InvalidInputException(where(line) + ": the response names no model and no --model was given");
        if (!models.contains(model)) {
            throw new InvalidInputException(where(line) + ": a response of model " + model + ", which has no reference (references are given for "
                    + String.join(", ", new java.util.TreeSet<>(models)) + ")");
        }
        if (windowing.kind() == Windowing.Kind.COUNT) return new DriftLine(model, -1, line.file(), line.line(), 0, line.bytes());
        long t = time(text, line);
        return new DriftLine(model, Math.floorDiv(t, windowing.size()), line.file(), line.line(), t, line.bytes());
    }

    private long time(String text, LogLine line) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(where(line) + ": not valid JSON");
        }
        JsonNode t = node.get(windowing.timeField());
        String field = windowing.timeField();
        if (t == null || t.isNull()) throw new InvalidInputException(where(line) + ": field " + field + " is required for --time-window");
        if (t.isIntegralNumber() && t.canConvertToLong()) return t.longValue();
        if (t.isTextual()) {
            try {
                return Instant.parse(t.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidInputException(where(line) + ": field " + field + " must be an ISO-8601 instant such as 2025-06-01T12:00:00Z, but was "
                        + t.textValue());
            }
        }
        throw new InvalidInputException(where(line) + ": field " + field + " must be an ISO-8601 instant string or integer epoch milliseconds, but was "
                + t.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private String decode(LogLine line) {
        try {
            return utf8.decode(ByteBuffer.wrap(line.bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(where(line) + ": not UTF-8 text");
        }
    }

    private String where(LogLine line) {
        return files.get(line.file()) + ":" + line.line();
    }
}
