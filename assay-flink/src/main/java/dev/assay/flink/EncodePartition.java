package dev.assay.flink;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The map side: parses each line ({@link ResponseLog#parse}, UTF-8 decoded strictly, as a single machine reads
 * it), encodes the response with this subtask's {@link ResponseEncoder} (made once in {@link #open}, since it
 * caches symbol vectors and projection planes) and adds it to this subtask's builder for the response's model;
 * at the end of its input ({@link #endInput}) emits one {@link PartialSignature} per model it saw. A bad line
 * fails the job with an {@link InvalidInputException} naming its file and line. An operator rather than a
 * {@code mapPartition} function, since it runs in the task's own thread, where a failure fails the job at once.
 */
final class EncodePartition extends AbstractStreamOperator<PartialSignature>
        implements OneInputStreamOperator<LogLine, PartialSignature>, BoundedOneInput {
    private final SerializableConfig config;
    private final String defaultModel;
    private final List<String> files;
    private transient EncoderConfig encoderConfig;
    private transient ResponseEncoder encoder;
    private transient CharsetDecoder utf8;
    private transient Map<String, Signature.Builder> builders;
    private transient Map<String, long[]> counts;

    EncodePartition(EncoderConfig config, String defaultModel, List<String> files) {
        this.config = SerializableConfig.of(config);
        this.defaultModel = defaultModel;
        this.files = List.copyOf(files);
    }

    @Override
    public void open() throws Exception {
        super.open();
        encoderConfig = config.toConfig();
        encoder = new ResponseEncoder(encoderConfig);
        utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        builders = new TreeMap<>();
        counts = new TreeMap<>();
    }

    @Override
    public void processElement(StreamRecord<LogLine> element) {
        LogLine line = element.getValue();
        Response r = parse(line, utf8);
        String model = r.model() != null ? r.model() : defaultModel;
        if (model == null) throw new InvalidInputException(where(line) + ": the response names no model and no --model was given");
        builders.computeIfAbsent(model, m -> Signature.builder(encoderConfig, m)).add(encoder.encode(r));
        counts.computeIfAbsent(model, m -> new long[files.size()])[line.file()]++;
    }

    @Override
    public void endInput() {
        builders.forEach((model, b) -> output.collect(new StreamRecord<>(new PartialSignature(model, b.build().toBytes(), counts.get(model)))));
        builders.clear();
    }

    private Response parse(LogLine line, CharsetDecoder utf8) {
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line.bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(where(line) + ": not UTF-8 text");
        }
        try {
            return ResponseLog.parse(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where(line) + ": " + e.getMessage());
        }
    }

    private String where(LogLine line) {
        return files.get(line.file()) + ":" + line.line();
    }
}
