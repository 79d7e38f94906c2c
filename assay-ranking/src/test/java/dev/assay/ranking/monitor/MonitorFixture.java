package dev.assay.ranking.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real SQLite store, ledger and registry with ranker v1 PRIMARY and v2 CANARY, an alert recorder and a clock at {@link #T0}. */
final class MonitorFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    final ManualClock clock = new ManualClock(T0);
    final Store store;
    final Ledger ledger;
    final Registry registry;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Alert> delivered = new CopyOnWriteArrayList<>();
    final AlertManager alerts;

    MonitorFixture(Path dir) {
        store = Store.sqlite(dir.resolve("assay.db"));
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
        registry = Registry.open(store, ledger, clock);
        registry.registerModel("ranker", "search ranker");
        Provenance p = new Provenance(new ObjectMapper().createObjectNode(), "sha256:aa", 1, "git:1", T0);
        registry.registerVersion("ranker", "v1", p);
        registry.registerVersion("ranker", "v2", p);
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary");
        alerts = AlertManager.builder(meters).clock(clock).channel("recorder", delivered::add).build();
    }

    RankingMonitor monitor(MonitorConfig config) {
        return RankingMonitor.start("ranker", "v2", config, clock, new MonitorSinks(registry, ledger, alerts, meters));
    }

    /** Feeds {@code gains} (one query each, with the given latency) into window {@code index}, then closes it. */
    static List<WindowResult> window(MonitorFixture f, RankingMonitor m, int index, double[] gains, double latencyMs) {
        Instant start = T0.plus(MINUTE.multipliedBy(index));
        for (int i = 0; i < gains.length; i++) {
            Instant t = start.plusMillis(i * 100L);
            m.observe(new QueryObservation(t, java.util.OptionalDouble.of(gains[i]), java.util.OptionalDouble.of(latencyMs),
                    java.util.OptionalDouble.empty(), java.util.Optional.empty()));
        }
        f.clock.set(start.plus(MINUTE));
        return m.poll();
    }

    /** n gains alternating {@code mean - spread}, {@code mean + spread}. */
    static double[] gains(int n, double mean, double spread) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = mean + (i % 2 == 0 ? -spread : spread);
        return g;
    }

    List<LedgerEntry> entries(String kind) {
        return ledger.page(0, 10_000).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    Stage stageOf(String version) {
        return registry.deployments("ranker").stream().filter(d -> d.version().equals(version)).findFirst().orElseThrow().stage();
    }

    @Override
    public void close() {
        alerts.close(Duration.ofSeconds(5));
        ledger.close();
        store.close();
    }
}
