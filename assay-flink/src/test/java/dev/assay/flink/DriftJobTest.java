package dev.assay.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.drift.DriftReplay;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class DriftJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final EncoderConfig SMALL = EncoderConfig.of(1024, "drift-test");
    private static final DriftConfig DRIFT = new DriftConfig(20, 1_000, 7, 1.0, 200);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One line of a synthetic log: which file, its 1-based line number, the model, its style, its time and its JSON. */
    record Entry(int file, long line, String model, char style, long time, String json) {}

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void countWindowsEqualTheSingleMachineReplayOfEachWindow(int parallelism) throws Exception {
        // Model m answers in style A, then in style B for its third window of 40, then in A again; model n always in B.
        List<Entry> entries = new ArrayList<>();
        int[] nextLine = {0, 0};
        for (int i = 0; i < 150; i++) {
            int file = i < 70 ? 0 : 1;
            char style = i >= 80 && i < 120 ? 'B' : 'A';
            entries.add(entry(file, ++nextLine[file], "m", style, i, -1));
            if (i % 2 == 0) entries.add(entry(file, ++nextLine[file], "n", 'B', 1000 + i, -1));
        }
        List<Path> logs = writeLogs(entries, 2);
        Map<String, Path> refs = Map.of("m", reference("m", 'A', 150), "n", reference("n", 'B', 150));
        DriftSpec spec = DriftSpec.of(logs.stream().map(Path::toString).toList(), refs, SMALL, Windowing.count(40), DRIFT,
                dir.resolve("out/drift.jsonl"), parallelism);

        List<DriftWindow> windows = DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec);

        Map<String, List<List<Entry>>> expectedWindows = new TreeMap<>();
        for (String model : List.of("m", "n")) {
            List<Entry> seq = entries.stream().filter(e -> e.model.equals(model)).toList();
            List<List<Entry>> chunks = new ArrayList<>();
            for (int k = 0; k < seq.size(); k += 40) chunks.add(seq.subList(k, Math.min(seq.size(), k + 40)));
            expectedWindows.put(model, chunks);
        }
        assertThat(windows).extracting(w -> w.model() + "/" + w.window())
                .containsExactly("m/0", "m/1", "m/2", "m/3", "n/0", "n/1");
        for (DriftWindow w : windows) {
            List<Entry> window = expectedWindows.get(w.model()).get((int) w.window());
            JsonNode actual = JSON.readTree(w.json());
            ObjectNode expected = singleMachine(refs.get(w.model()), window, logs);
            assertSameDriftFields(actual, expected);
            assertThat(actual.get("windowKind").asText()).isEqualTo("count");
            assertThat(actual.get("windowFirstResponse").asLong()).isEqualTo(w.window() * 40 + 1);
            assertThat(actual.get("windowLastResponse").asLong()).isEqualTo(w.window() * 40 + window.size());
            boolean switched = window.stream().anyMatch(e -> e.style != (w.model().equals("m") ? 'A' : 'B'));
            assertThat(actual.get("drift").asBoolean()).as(w.model() + " window " + w.window()).isEqualTo(switched);
        }
        assertThat(JSON.readTree(windows.get(2).json()).get("type")).isNotNull();

        DriftJob.write(windows, spec.out());
        List<String> written = Files.readAllLines(spec.out());
        assertThat(written).containsExactlyElementsOf(windows.stream().map(DriftWindow::json).toList());
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void timeWindowsOrderEachWindowByTimeThenFileThenLine(int parallelism) throws Exception {
        // Minute 0 and 2 in style A, minute 1 in style B; times are out of file order, and file 1 holds earlier times.
        List<Entry> entries = new ArrayList<>();
        int[] nextLine = {0, 0, 0};
        long t0 = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
        for (int i = 0; i < 150; i++) {
            int minute = i / 50;
            long time = t0 + minute * 60_000L + ((i * 37) % 50) * 1000L + (i % 3 == 0 ? 0 : 500);
            int file = (i * 7) % 3;
            entries.add(entry(file, ++nextLine[file], "m", minute == 1 ? 'B' : 'A', i, time));
        }
        List<Path> logs = writeLogs(entries, 3);
        Map<String, Path> refs = Map.of("m", reference("m", 'A', 150));
        DriftSpec spec = DriftSpec.of(logs.stream().map(Path::toString).toList(), refs, SMALL, Windowing.time(60_000, "timestamp"), DRIFT,
                dir.resolve("drift.jsonl"), parallelism);

        List<DriftWindow> windows = DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec);

        long w0 = Math.floorDiv(t0, 60_000);
        assertThat(windows).extracting(DriftWindow::window).containsExactly(w0, w0 + 1, w0 + 2);
        for (DriftWindow w : windows) {
            List<Entry> window = entries.stream().filter(e -> Math.floorDiv(e.time, 60_000) == w.window())
                    .sorted(Comparator.comparingLong(Entry::time).thenComparingInt(Entry::file).thenComparingLong(Entry::line)).toList();
            assertThat(window).hasSize(50);
            JsonNode actual = JSON.readTree(w.json());
            assertSameDriftFields(actual, singleMachine(refs.get("m"), window, logs));
            assertThat(actual.get("windowStart").asText()).isEqualTo(Instant.ofEpochMilli(w.window() * 60_000).toString());
            assertThat(actual.get("windowEnd").asText()).isEqualTo(Instant.ofEpochMilli((w.window() + 1) * 60_000).toString());
            assertThat(actual.get("drift").asBoolean()).as("window " + w.window()).isEqualTo(w.window() == w0 + 1);
        }
        assertThat(JSON.readTree(windows.getFirst().json()).get("windowStart").asText()).isEqualTo("2025-06-01T12:00:00Z");
    }

    @Test
    void aWindowSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> DriftSpec.parse("--input", "x.jsonl", "--reference", "m=m.asfp", "--out", "o.jsonl", "--count-window", "0"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--count-window must be at least 1, but was 0");
        assertThatThrownBy(() -> DriftSpec.parse("--input", "x.jsonl", "--reference", "m=m.asfp", "--out", "o.jsonl", "--time-window", "0s"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--time-window must be at least 1 ms, but was 0 ms");
        assertThatThrownBy(() -> DriftSpec.parse("--input", "x.jsonl", "--reference", "m=m.asfp", "--out", "o.jsonl"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("give exactly one of --count-window and --time-window");
        assertThatThrownBy(() -> DriftSpec.parse("--input", "x.jsonl", "--reference", "m", "--out", "o.jsonl", "--count-window", "5"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--reference must be MODEL=PATH");
    }

    @Test
    void parsesTheCommandLine() {
        DriftSpec spec = DriftSpec.parse("--input", "a.jsonl", "b/", "--reference", "gpt=refs/gpt.asfp", "--reference", "x=y=z.asfp",
                "--references", "refs", "--out", "o.jsonl", "--time-window", "5m", "--time-field", "ts", "--cusum-window", "50",
                "--arl", "2000", "--drift-seed", "9", "--dim", "512", "--seed", "s", "--parallelism", "2", "--model", "d");
        assertThat(spec.inputs()).containsExactly("a.jsonl", "b/");
        assertThat(spec.references()).containsOnlyKeys("gpt", "x=y");
        assertThat(spec.windowing()).isEqualTo(Windowing.time(300_000, "ts"));
        assertThat(spec.drift()).isEqualTo(new DriftConfig(50, 2000, 9, DriftConfig.DEFAULT_SHIFT, DriftConfig.DEFAULT_CALIBRATION_STREAMS));
        assertThat(spec.config()).isEqualTo(EncoderConfig.of(512, "s"));
        assertThat(spec.parallelism()).isEqualTo(2);
        assertThat(spec.defaultModel()).isEqualTo("d");
    }

    @Test
    void aReferenceOfAnotherEncoderConfigurationIsRefused() throws Exception {
        List<Path> logs = writeLogs(List.of(entry(0, 1, "m", 'A', 1, -1)), 1);
        Path other = dir.resolve("other.asfp");
        signature("m", 'A', 60, EncoderConfig.of(512, "drift-test")).write(other);
        DriftSpec spec = DriftSpec.of(List.of(logs.getFirst().toString()), Map.of("m", other), SMALL, Windowing.count(10), DRIFT,
                dir.resolve("o.jsonl"), 1);
        assertThatThrownBy(() -> DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reference " + other + " of model m was built under another encoder configuration")
                .hasMessageContaining("dimension 1024 vs 512");
    }

    @Test
    void aReferenceForAModelTheInputLacksIsRefused() throws Exception {
        List<Path> logs = writeLogs(List.of(entry(0, 1, "m", 'A', 1, -1), entry(0, 2, "m", 'A', 2, -1)), 1);
        Path ghost = reference("ghost", 'A', 60);
        DriftSpec spec = DriftSpec.of(List.of(logs.getFirst().toString()), Map.of("m", reference("m", 'A', 60), "ghost", ghost), SMALL,
                Windowing.count(10), DRIFT, dir.resolve("o.jsonl"), 2);
        assertThatThrownBy(() -> DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--reference ghost=" + ghost + ": the input holds no response of model ghost");
    }

    @Test
    void aResponseOfAModelWithoutReferenceFailsNamingItsLine() throws Exception {
        List<Path> logs = writeLogs(List.of(entry(0, 1, "m", 'A', 1, -1), entry(0, 2, "stranger", 'A', 2, -1)), 1);
        DriftSpec spec = DriftSpec.of(List.of(logs.getFirst().toString()), Map.of("m", reference("m", 'A', 60)), SMALL,
                Windowing.count(10), DRIFT, dir.resolve("o.jsonl"), 2);
        assertThatThrownBy(() -> DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(logs.getFirst() + ":2: a response of model stranger, which has no reference (references are given for m)");
    }

    @Test
    void aTimeWindowNeedsTheTimeFieldOnEveryRecord() throws Exception {
        List<Path> logs = writeLogs(List.of(entry(0, 1, "m", 'A', 1, 5), entry(0, 2, "m", 'A', 2, -1)), 1);
        DriftSpec spec = DriftSpec.of(List.of(logs.getFirst().toString()), Map.of("m", reference("m", 'A', 60)), SMALL,
                Windowing.time(1000, "timestamp"), DRIFT, dir.resolve("o.jsonl"), 1);
        assertThatThrownBy(() -> DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(logs.getFirst() + ":2: field timestamp is required for --time-window");
    }

    @Test
    void referencesFromADirectoryAreKeyedByTheirModelIds() throws Exception {
        Path refs = Files.createDirectories(dir.resolve("refs"));
        signature("model/one", 'A', 40, SMALL).write(refs.resolve(SignatureJob.fileName("model/one") + SignatureJob.SUFFIX));
        signature("two", 'B', 40, SMALL).write(refs.resolve("two.asfp"));
        DriftSpec spec = DriftSpec.parse("--input", "x.jsonl", "--references", refs.toString(), "--out", "o.jsonl", "--count-window", "5",
                "--dim", "1024", "--seed", "drift-test");
        assertThat(DriftJob.references(spec)).containsOnlyKeys("model/one", "two");
        assertThatThrownBy(() -> DriftJob.references(DriftSpec.parse("--input", "x.jsonl", "--references", refs.toString(),
                "--reference", "two=" + refs.resolve("two.asfp"), "--out", "o.jsonl", "--count-window", "5", "--dim", "1024", "--seed", "drift-test")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("model two has two references");
    }

    @Test
    void agentDojoModelSwitchIsFoundInItsWindowAsOnOneMachine() throws Exception {
        Path data = TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses");
        if (TestEnvironment.inCi() && !Files.isDirectory(data)) throw new AssertionError("CI=true but " + data + " is missing");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data), "agentdojo responses not found at " + data);
        List<String> own = Files.readAllLines(data.resolve("command-r.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        List<String> other = Files.readAllLines(data.resolve("gemini-1-5-flash-001.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertThat(own).hasSizeGreaterThan(150);
        assertThat(other).hasSizeGreaterThan(80);
        String model = ResponseLog.parse(own.getFirst()).model();
        EncoderConfig config = EncoderConfig.DEFAULT;
        ResponseEncoder encoder = new ResponseEncoder(config);
        // The reference: command-r's even-numbered responses. The live log: 80 of its odd-numbered ones (windows 0 and 1),
        // 40 of gemini's answers under command-r's name (window 2, the switch), then command-r's remaining odd ones.
        Signature.Builder b = Signature.builder(config, model);
        List<String> odd = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            if (i % 2 == 0) b.add(encoder.encode(ResponseLog.parse(own.get(i))));
            else odd.add(own.get(i));
        }
        List<String> live = new ArrayList<>(odd.subList(0, 80));
        for (int i = 1; i < 80; i += 2) {
            ObjectNode n = (ObjectNode) JSON.readTree(other.get(i));
            n.put("model", model);
            live.add(JSON.writeValueAsString(n));
        }
        live.addAll(odd.subList(80, odd.size()));
        Path ref = dir.resolve("ref.asfp");
        b.build().write(ref);
        Path log = Files.write(dir.resolve("live.jsonl"), live);
        DriftConfig drift = DriftConfig.defaults().withWindow(20);
        DriftSpec spec = DriftSpec.of(List.of(log.toString()), Map.of(model, ref), config, Windowing.count(40), drift,
                dir.resolve("drift.jsonl"), 2);

        List<DriftWindow> windows = DriftJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), spec);

        assertThat(windows).hasSize((live.size() + 39) / 40);
        Signature reference = Signature.read(ref);
        for (DriftWindow w : windows) {
            int from = (int) w.window() * 40;
            List<Response> responses = live.subList(from, Math.min(live.size(), from + 40)).stream().map(ResponseLog::parse).toList();
            DriftReplay.Result r = DriftReplay.replay(reference, responses.stream().map(encoder::encode).toList(),
                    responses.stream().map(x -> x.prompt() == null ? "" : x.prompt()).toList(), drift, Instant.EPOCH);
            JsonNode actual = JSON.readTree(w.json());
            assertSameDriftFields(actual, FingerprintRecords.drift(r, reference, log + ":" + (from + 1) + " .. " + log + ":" + (from + responses.size())));
        }
        assertThat(JSON.readTree(windows.get(2).json()).get("drift").asBoolean()).as("the window of gemini's answers").isTrue();
    }

    /** Every field of the single-machine drift JSON is in the job's line with the same value. */
    private static void assertSameDriftFields(JsonNode actual, ObjectNode expectedTree) throws IOException {
        JsonNode expected = JSON.readTree(JSON.writeValueAsString(expectedTree));
        for (var it = expected.fields(); it.hasNext(); ) {
            var f = it.next();
            assertThat(actual.get(f.getKey())).as(f.getKey()).isEqualTo(f.getValue());
        }
        assertThat(actual.size()).as("model, windowKind, windowIndex and two bounds besides").isEqualTo(expected.size() + 5);
    }

    /** DriftReplay.replay on one machine over the window's entries in order, as FingerprintRecords.drift writes it. */
    private static ObjectNode singleMachine(Path referenceFile, List<Entry> window, List<Path> logs) {
        Signature reference = Signature.read(referenceFile);
        ResponseEncoder encoder = new ResponseEncoder(reference.config());
        List<Response> responses = window.stream().map(e -> ResponseLog.parse(e.json)).toList();
        List<EncodedResponse> encoded = responses.stream().map(encoder::encode).toList();
        List<String> inputs = responses.stream().map(r -> r.prompt() == null ? "" : r.prompt()).toList();
        DriftReplay.Result r = DriftReplay.replay(reference, encoded, inputs, DRIFT, Instant.EPOCH);
        Function<Entry, String> where = e -> logs.get(e.file) + ":" + e.line;
        return FingerprintRecords.drift(r, reference, where.apply(window.getFirst()) + " .. " + where.apply(window.getLast()));
    }

    private Path reference(String model, char style, int n) {
        Path p = dir.resolve("ref-" + model.replace('/', '_') + "-" + style + ".asfp");
        signature(model, style, n, SMALL).write(p);
        return p;
    }

    private static Signature signature(String model, char style, int n, EncoderConfig config) {
        ResponseEncoder encoder = new ResponseEncoder(config);
        Signature.Builder b = Signature.builder(config, model);
        for (int i = 0; i < n; i++) b.add(encoder.encode(ResponseLog.parse(entry(0, i + 1, model, style, 10_000 + i, -1).json)));
        return b.build();
    }

    private List<Path> writeLogs(List<Entry> entries, int files) throws IOException {
        Map<Integer, StringBuilder> text = new LinkedHashMap<>();
        for (int f = 0; f < files; f++) text.put(f, new StringBuilder());
        List<Entry> byLine = entries.stream().sorted(Comparator.comparingInt(Entry::file).thenComparingLong(Entry::line)).toList();
        for (Entry e : byLine) {
            StringBuilder sb = text.get(e.file);
            long lines = sb.chars().filter(c -> c == '\n').count();
            if (lines != e.line - 1) throw new IllegalStateException("entries must number each file's lines from 1");
            sb.append(e.json).append('\n');
        }
        List<Path> out = new ArrayList<>();
        for (var e : text.entrySet()) out.add(Files.writeString(dir.resolve("log-" + e.getKey() + ".jsonl"), e.getValue()));
        return out;
    }

    /**
     * A response in one of two styles: A is a polite assistant's prose, B terse machine-like status output; both vary
     * with {@code i}. A time of -1 writes no timestamp; an even {@code i} writes it as an ISO-8601 string, an odd one
     * as epoch milliseconds.
     */
    static Entry entry(int file, long line, String model, char style, int i, long time) {
        String[] topics = {"the invoice", "your calendar", "the travel booking", "a bank transfer", "the meeting notes", "the slack channel"};
        String topic = topics[i % topics.length];
        String text = style == 'A'
                ? "Certainly! I have looked at " + topic + " for you. It seems everything is in order; the total comes to " + (i * 13 % 97)
                        + " and I would be happy to help with anything else you need today."
                : "STATUS=" + Integer.toHexString(0x1000 + (i * 7919) % 0xF000) + " ;; op=" + topic.replace(' ', '_').toUpperCase() + " rc=" + (i % 5)
                        + " [[ack]] >>> qz" + (i % 11) + "x_vv <<<";
        StringBuilder sb = new StringBuilder("{\"model\":\"").append(model).append("\",\"prompt_id\":\"p").append(i % 9)
                .append("\",\"prompt\":\"please check ").append(topic).append("\",\"response\":\"").append(text).append('"');
        if (time >= 0) {
            sb.append(",\"timestamp\":");
            if (i % 2 == 0) sb.append('"').append(Instant.ofEpochMilli(time)).append('"');
            else sb.append(time);
        }
        return new Entry(file, line, model, style, time, sb.append('}').toString());
    }
}
