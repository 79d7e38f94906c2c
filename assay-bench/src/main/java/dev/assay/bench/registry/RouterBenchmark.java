package dev.assay.bench.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.RouteDecision;
import dev.assay.core.registry.Stage;
import dev.assay.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Router decisions per second through the public {@link Registry#route} (cached routing
 * table, stable key hash) for a model with a primary, a 10% canary and a shadow. No
 * peer: Argo Rollouts and Flagger split traffic in the service mesh, not per key.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -jar assay-bench/target/benchmarks.jar RouterBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RouterBenchmark {
    private Store store;
    private Ledger ledger;
    private Registry registry;
    private String[] keys;

    @State(Scope.Thread)
    public static class Cursor {
        int i;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("assay-router-bench");
        store = Store.sqlite(dir.resolve("router.db"));
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
        registry = Registry.open(store, ledger, Clock.systemUTC());
        registry.registerModel("ranker", "bench");
        ObjectMapper json = new ObjectMapper();
        for (String v : new String[] {"v1", "v2", "v3"})
            registry.registerVersion("ranker", v, new Provenance(json.createObjectNode(), "h", 1, "c", Instant.EPOCH));
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "bench");
        registry.deploy("ranker", "v2", Stage.CANARY, 10, "bench");
        registry.deploy("ranker", "v3", Stage.SHADOW, 0, "bench");
        keys = new String[4096];
        for (int i = 0; i < keys.length; i++) keys[i] = "user-" + (i * 7919L);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
        store.close();
    }

    @Benchmark
    @Threads(1)
    public RouteDecision route1Thread(Cursor c) {
        return registry.route("ranker", keys[c.i++ & 4095]);
    }

    @Benchmark
    @Threads(2)
    public RouteDecision route2Threads(Cursor c) {
        return registry.route("ranker", keys[c.i++ & 4095]);
    }
}
