package dev.assay.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.command.Assessment;
import dev.assay.agent.command.CommandGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The command guard's latency, one thread: {@code assess} decides the next of the 1,172 SecBASH commands (GTFOBins
 * abuse and harmless, in turn), parse and analysis included. Sample-time mode, so JMH reports the percentiles of
 * single decisions (the policy-path goal is p99 &lt; 1 ms).
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar
 * CommandGuardBenchmark -p data=../shared/data}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CommandGuardBenchmark {
    @Param("../shared/data")
    public String data;

    List<String> commands;
    int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        commands = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String f : List.of("secbash-gtfobins-commands.json", "secbash-harmless-commands.json")) {
            for (JsonNode c : json.readTree(Path.of(data, "guard", f).toFile()).get("commands")) commands.add(c.get("command").asText());
        }
    }

    @Benchmark
    public Assessment assess() {
        String c = commands.get(next);
        next = next + 1 == commands.size() ? 0 : next + 1;
        return CommandGuard.assess(c);
    }
}
