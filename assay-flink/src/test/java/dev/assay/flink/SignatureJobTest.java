package dev.assay.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
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
class SignatureJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final EncoderConfig SMALL = EncoderConfig.of(512, "flink-test");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void signaturesEqualTheSingleMachineOnesByteForByte(int parallelism) throws Exception {
        Path a = write("a.jsonl", syntheticLog(0, 60, "alpha", "beta"));
        Path b = write("b.jsonl", syntheticLog(60, 40, "beta", null) + "\n  \n");
        Path c = gzip("c.jsonl.gz", syntheticLog(100, 30, "gamma", null));
        JobSpec spec = new JobSpec(List.of(a.toString(), b.toString(), dir.resolve("more").toString(), c.toString()), "fallback", SMALL,
                dir.resolve("out"), parallelism);
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/d.jsonl"), syntheticLog(130, 25, "alpha", "model with/odd:name"));
        Files.writeString(dir.resolve("more/ignored.txt"), "not a log");

        SortedMap<String, Signature> built = SignatureJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), spec);

        Map<String, Signature> expected = singleMachine(List.of(a, b, dir.resolve("more/d.jsonl"), c), "fallback", SMALL);
        assertThat(built.keySet()).containsExactlyElementsOf(expected.keySet())
                .containsExactly("alpha", "beta", "fallback", "gamma", "model with/odd:name");
        for (String model : expected.keySet()) {
            assertThat(built.get(model).toBytes()).as(model).isEqualTo(expected.get(model).toBytes());
        }
        assertThat(built.get("beta").sources()).extracting(Signature.Source::name).containsExactly("a.jsonl", "b.jsonl");
        assertThat(built.get("beta").responses()).isEqualTo(30 + 20);
        assertThat(built.get("gamma").sources()).singleElement().extracting(Signature.Source::responses).isEqualTo(15L);
    }

    @Test
    void writesOneSignatureFilePerModelThatReadsBackEqual() throws Exception {
        Path a = write("a.jsonl", syntheticLog(0, 20, "m/1", "m-2"));
        JobSpec spec = JobSpec.parse("--input", a.toString(), "--out", dir.resolve("sigs").toString(), "--dim", "256",
                "--seed", "s", "--parallelism", "2");
        SortedMap<String, Signature> built = SignatureJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), spec);
        Map<String, Path> files = SignatureJob.write(built, spec.out());

        assertThat(files.get("m-2")).isEqualTo(dir.resolve("sigs/m-2.asfp"));
        assertThat(files.get("m/1").getFileName().toString()).matches("m_1-[0-9a-f]{8}\\.asfp");
        for (var e : files.entrySet()) {
            assertThat(Signature.read(e.getValue()).toBytes()).isEqualTo(built.get(e.getKey()).toBytes());
        }
        assertThat(built.get("m-2").config()).isEqualTo(EncoderConfig.of(256, "s"));
    }

    @Test
    void aBadLineFailsTheJobNamingItsFileAndLine() throws Exception {
        Path a = write("bad.jsonl", syntheticLog(0, 3, "m", "m") + "{\"model\":\"m\",\"response\":\"no id\"}\n");
        JobSpec spec = new JobSpec(List.of(a.toString()), null, SMALL, dir.resolve("out"), 2);
        assertThatThrownBy(() -> SignatureJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.jsonl:4: field prompt_id is required");
    }

    @Test
    void aResponseWithoutModelNeedsTheDefault() throws Exception {
        Path a = write("anon.jsonl", syntheticLog(0, 2, null, null));
        JobSpec spec = new JobSpec(List.of(a.toString()), null, SMALL, dir.resolve("out"), 1);
        assertThatThrownBy(() -> SignatureJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("anon.jsonl:1: the response names no model and no --model was given");
    }

    @Test
    void agentDojoSubsetEqualsTheSingleMachineSignatures() throws Exception {
        Path data = TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses");
        if (TestEnvironment.inCi() && !Files.isDirectory(data)) throw new AssertionError("CI=true but " + data + " is missing");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data), "agentdojo responses not found at " + data);
        List<Path> logs = List.of(data.resolve("command-r.jsonl"), data.resolve("gemini-1-5-flash-001.jsonl"),
                data.resolve("gemini-1-5-pro-002.jsonl"));
        for (Path log : logs) assertThat(log).isRegularFile();
        EncoderConfig config = EncoderConfig.DEFAULT;
        Map<String, Signature> expected = singleMachine(logs, null, config);
        JobSpec spec = new JobSpec(logs.stream().map(Path::toString).toList(), null, config, dir.resolve("out"), 2);

        SortedMap<String, Signature> built = SignatureJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), spec);

        assertThat(built.keySet()).containsExactlyElementsOf(expected.keySet()).hasSize(3);
        for (String model : expected.keySet()) {
            assertThat(built.get(model).responses()).as(model).isGreaterThan(50);
            assertThat(built.get(model).toBytes().length).as("more than one collected piece").isGreaterThan(SignatureChunk.MAX_BYTES);
            assertThat(built.get(model).toBytes()).as(model).isEqualTo(expected.get(model).toBytes());
        }
    }

    /** The single-machine reference: one builder per model fed every response in file order, with the same sources. */
    static Map<String, Signature> singleMachine(List<Path> logs, String defaultModel, EncoderConfig config) {
        ResponseEncoder encoder = new ResponseEncoder(config);
        Map<String, Signature.Builder> builders = new TreeMap<>();
        Map<String, Signature> out = new TreeMap<>();
        for (Path log : logs) {
            Map<String, Long> counts = new HashMap<>();
            ResponseLog.read(log, ResponseLog.Options.STRICT, r -> {
                String model = r.model() != null ? r.model() : defaultModel;
                builders.computeIfAbsent(model, m -> Signature.builder(config, m)).add(encoder.encode(r));
                counts.merge(model, 1L, Long::sum);
            });
            String sha = Hashing.sha256Hex(log);
            counts.forEach((m, n) -> builders.get(m).source(new Signature.Source(log.getFileName().toString(), sha, n)));
        }
        builders.forEach((m, b) -> out.put(m, b.build()));
        return out;
    }

    /**
     * A log of {@code n} responses to 7 probes, alternating between two models ({@code null} writes no model
     * field), with text, CALL lines, OpenAI tool calls and vector outputs, so every counter of a signature is used.
     */
    static String syntheticLog(int first, int n, String modelA, String modelB) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + n; i++) {
            String model = i % 2 == 0 ? modelA : modelB;
            sb.append('{');
            if (model != null) sb.append("\"model\":\"").append(model).append("\",");
            sb.append("\"prompt_id\":\"p").append(i % 7).append("\",\"prompt\":\"question ").append(i % 7).append("\",");
            sb.append("\"response\":\"answer ").append(i).append(" is ").append(Integer.toString(i * 7919, 36));
            if (i % 3 == 0) sb.append("\\nCALL send_money {\\\"amount\\\": ").append(i).append(", \\\"to\\\": \\\"x\\\"}");
            sb.append('"');
            if (i % 5 == 0) sb.append(",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"f").append(i).append("\\\"}\"}}]");
            if (i % 4 == 0) sb.append(",\"vector\":[").append(i % 3 - 1).append(",0.5,").append(i * 0.01).append("]");
            sb.append("}\n");
        }
        return sb.toString();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path gzip(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }
}
