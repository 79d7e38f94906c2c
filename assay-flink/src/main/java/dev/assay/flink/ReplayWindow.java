package dev.assay.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.drift.DriftReplay;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The drift check of one (model, window): keeps the window's lines in keyed state until its input ends, orders
 * them ({@link DriftJob#INPUT_ORDER}: time, file, line), parses and encodes them under the reference's
 * configuration and replays them with {@link DriftReplay#replay} against the model's reference, exactly as a single
 * machine replays those responses in that order. Emits the result as one JSON line ({@link DriftJob#line}).
 */
final class ReplayWindow extends KeyedProcessFunction<Tuple2<String, Long>, DriftLine, DriftWindow> {
    private final Map<String, byte[]> references;
    private final SerializableConfig config;
    private final DriftSettings drift;
    private final Windowing windowing;
    private final List<String> files;
    private final long asOf;
    private transient Map<String, Signature> signatures;
    private transient ResponseEncoder encoder;
    private transient ListState<DriftLine> lines;
    private transient ObjectMapper json;

    ReplayWindow(Map<String, byte[]> references, SerializableConfig config, DriftConfig drift, Windowing windowing, List<String> files,
                 Instant asOf) {
        this.references = new HashMap<>(references);
        this.config = config;
        this.drift = DriftSettings.of(drift);
        this.windowing = windowing;
        this.files = List.copyOf(files);
        this.asOf = asOf.toEpochMilli();
    }

    @Override
    public void open(OpenContext context) {
        signatures = new HashMap<>();
        references.forEach((m, b) -> signatures.put(m, Signature.fromBytes(b, "reference of " + m)));
        encoder = new ResponseEncoder(config.toConfig());
        lines = getRuntimeContext().getListState(new ListStateDescriptor<>("window", TypeInformation.of(DriftLine.class)));
        json = new ObjectMapper();
    }

    @Override
    public void processElement(DriftLine line, Context ctx, Collector<DriftWindow> out) throws Exception {
        lines.add(line);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftWindow> out) throws Exception {
        List<DriftLine> window = new ArrayList<>();
        lines.get().forEach(window::add);
        lines.clear();
        if (window.isEmpty()) return;
        window.sort(DriftJob.INPUT_ORDER);
        String model = ctx.getCurrentKey().f0;
        long index = ctx.getCurrentKey().f1;
        List<EncodedResponse> encoded = new ArrayList<>(window.size());
        List<String> inputs = new ArrayList<>(window.size());
        for (DriftLine l : window) {
            // Lines were parsed and checked upstream; parsing again here is what keeps records free of Kryo.
            Response r = ResponseLog.parse(new String(l.bytes(), StandardCharsets.UTF_8));
            encoded.add(encoder.encode(r));
            inputs.add(r.prompt() == null ? "" : r.prompt());
        }
        Signature reference = signatures.get(model);
        Instant time = windowing.kind() == Windowing.Kind.TIME ? Instant.ofEpochMilli(Math.multiplyExact(index + 1, windowing.size()))
                : Instant.ofEpochMilli(asOf);
        DriftReplay.Result result = DriftReplay.replay(reference, encoded, inputs, drift.toConfig(), time);
        ObjectNode n = DriftJob.line(model, index, windowing, window.size(), FingerprintRecords.drift(result, reference,
                where(window.getFirst()) + " .. " + where(window.getLast())));
        out.collect(new DriftWindow(model, index, json.writeValueAsString(n)));
    }

    private String where(DriftLine l) {
        return files.get(l.file()) + ":" + l.line();
    }

    /** A {@link DriftConfig} in a form Java serialization ships with the function. */
    record DriftSettings(int window, double expectedRunLength, long seed, double shift, int calibrationStreams) implements java.io.Serializable {
        static DriftSettings of(DriftConfig c) {
            return new DriftSettings(c.window(), c.expectedRunLength(), c.seed(), c.shift(), c.calibrationStreams());
        }

        DriftConfig toConfig() {
            return new DriftConfig(window, expectedRunLength, seed, shift, calibrationStreams);
        }
    }
}
