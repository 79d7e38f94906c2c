package dev.assay.bench.fingerprint;

import dev.assay.core.progress.Progress;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fingerprint speed on the AgentDojo responses at the default dimension (16,384), one thread:
 * <ul>
 *   <li>{@code update1000}: adding 1,000 encoded responses to a signature (target &lt; 10 ms);</li>
 *   <li>{@code compare256}: comparing two 256-probe signatures (mean similarity of the probes' majorities,
 *       target &lt; 100 us);</li>
 *   <li>{@code driftCheck1000Permutations}: a traffic-mode test of a 100-response window against 512 reference
 *       responses with 1,000 permutations (target &lt; 50 ms);</li>
 *   <li>{@code encodeAll}: encoding all 2,328 responses (divide the text bytes, printed at setup, by the time for
 *       MB/s per core).</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar
 * FingerprintBenchmark -p data=../shared/data}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FingerprintBenchmark {
    @Param("../shared/data")
    public String data;

    ResponseEncoder encoder;
    List<Response> responses;
    List<EncodedResponse> encoded;
    Signature a256;
    Signature b256;
    List<EncodedResponse> reference512;
    List<EncodedResponse> window100;
    Verifier.Config drift;

    @Setup
    public void setUp() throws IOException {
        encoder = new ResponseEncoder(EncoderConfig.DEFAULT);
        responses = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(data, "fingerprint/agentdojo-responses"))) {
            for (Path f : files.sorted().toList()) responses.addAll(ResponseLog.readAll(f, ResponseLog.Options.STRICT));
        }
        long bytes = 0;
        for (Response r : responses) bytes += r.text().getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("%n%d responses, %d bytes of text%n", responses.size(), bytes);
        encoded = encoder.encodeAll(responses, Progress.none());
        a256 = signature(0, 256, "a");
        b256 = signature(1024, 256, "b");
        reference512 = encoded.subList(0, 512);
        window100 = encoded.subList(1000, 1100);
        drift = new Verifier.Config(Verifier.Mode.TRAFFIC, 0.01, 1_000, 1, Verifier.Config.DEFAULT_TOLERANCE, 5, 0, null);
        a256.similarity(b256); // the majorities are computed once per signature, as a stored reference would have them
    }

    /** 256 probes, each answered by 4 responses taken from {@code from}. */
    Signature signature(int from, int probes, String model) {
        var b = Signature.builder(EncoderConfig.DEFAULT, model);
        for (int i = 0; i < probes * 4; i++) {
            EncodedResponse e = encoded.get(from + i);
            b.add(new EncodedResponse("probe-" + (i % probes), e.text(), e.structure(), e.vector(), e.features()));
        }
        return b.build();
    }

    @Benchmark
    public Signature update1000() {
        var b = Signature.builder(EncoderConfig.DEFAULT, "m").sampleLimit(0);
        for (int i = 0; i < 1000; i++) b.add(encoded.get(i));
        return b.build();
    }

    @Benchmark
    public double compare256() {
        return a256.similarity(b256);
    }

    @Benchmark
    public Verifier.Result driftCheck1000Permutations() {
        return Verifier.verify(reference512, window100, drift);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<EncodedResponse> encodeAll() {
        List<EncodedResponse> out = new ArrayList<>(responses.size());
        for (Response r : responses) out.add(encoder.encode(r));
        return out;
    }
}
