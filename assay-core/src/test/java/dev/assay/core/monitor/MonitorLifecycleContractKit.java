package dev.assay.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor lifecycle every store must support: persistence, restart, one owner, takeover, fencing. */
abstract class MonitorLifecycleContractKit {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(15);

    Store store;
    ManualClock clock;
    LedgerKeys keys;
    Ledger ledger;
    Monitors monitors;
    final List<MonitorScheduler> schedulers = new ArrayList<>();

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        clock = new ManualClock(T0);
        keys = LedgerKeys.generate(new SecureRandom());
        ledger = Ledger.open(store, keys, clock);
        monitors = Monitors.open(store, clock, List.of(new CountingKind()));
    }

    @AfterEach
    void close() {
        schedulers.forEach(MonitorScheduler::close);
        if (ledger != null) ledger.close();
        if (store != null) store.close(); // null when the backend is absent and the test was skipped
    }

    MonitorScheduler scheduler(String name) {
        MonitorScheduler s = MonitorScheduler.create(store, monitors, ledger, clock, name, LEASE);
        schedulers.add(s);
        return s;
    }

    static JsonNode definition(int windowSeconds) {
        return JsonNodeFactory.instance.objectNode().put("windowSeconds", windowSeconds);
    }

    static JsonNode obs(Instant t, double v) {
        return JsonNodeFactory.instance.objectNode().put("time", t.toString()).put("value", v);
    }

    /** start (epoch ms) -> [count, sum] of every recorded window, failing on a window recorded twice. */
    Map<Long, double[]> recordedWindows() {
        Map<Long, double[]> out = new TreeMap<>();
        for (LedgerEntry e : ledger.page(0, 10_000)) {
            if (!e.kind().equals(CountingKind.KIND)) continue;
            JsonNode p;
            try {
                p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.payload());
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
            double[] prev = out.put(p.path("start").asLong(), new double[] {p.path("count").asDouble(), p.path("sum").asDouble()});
            assertThat(prev).as("window " + p.path("start") + " recorded twice").isNull();
        }
        return out;
    }

    @Test
    void define_validatesAndRefusesDuplicatesAndUnknownKinds() {
        MonitorInfo m = monitors.define("ranker/v2", CountingKind.NAME, definition(60));
        assertThat(m.status()).isEqualTo(MonitorInfo.Status.ACTIVE);
        assertThat(monitors.list()).extracting(MonitorInfo::id).containsExactly("ranker/v2");
        assertThatThrownBy(() -> monitors.define("ranker/v2", CountingKind.NAME, definition(60))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> monitors.define("x", "nosuch", definition(60))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown monitor kind 'nosuch'").hasMessageContaining(CountingKind.NAME);
        assertThatThrownBy(() -> monitors.define("y", CountingKind.NAME, definition(0))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("windowSeconds");
        assertThatThrownBy(() -> monitors.define("bad id!", CountingKind.NAME, definition(60))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> monitors.ingest("nosuch", List.of())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void ingest_namesEveryBadObservationAndStoresNone() {
        monitors.define("m", CountingKind.NAME, definition(60));
        var bad = List.of(obs(T0, 1), JsonNodeFactory.instance.objectNode().put("time", "yesterday").put("value", 1),
                JsonNodeFactory.instance.nullNode());
        assertThatThrownBy(() -> monitors.ingest("m", bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("observations[1]: time must be an ISO-8601 instant").hasMessageContaining("observations[2]");
        assertThat(monitors.get("m").orElseThrow().received()).isZero();
    }

    @Test
    void windows_areRecordedOncePerWindowWithData_andIdleWindowsAreNot() {
        monitors.define("m", CountingKind.NAME, definition(60));
        MonitorScheduler a = scheduler("a");
        a.tick();
        assertThat(monitors.ingest("m", List.of(obs(T0.plusSeconds(5), 1), obs(T0.plusSeconds(50), 2)))).isEqualTo(new Ingested(2, 0, 2, T0));
        clock.advance(Duration.ofMinutes(10));
        a.tick();
        assertThat(recordedWindows()).containsOnlyKeys(T0.toEpochMilli());
        assertThat(recordedWindows().get(T0.toEpochMilli())).containsExactly(2, 3);
        MonitorInfo m = monitors.get("m").orElseThrow();
        assertThat(m.state().orElseThrow().path("empty").asLong()).isEqualTo(9);
        assertThat(m.pending()).isZero();
        // late observations are refused at once, not stored
        assertThat(monitors.ingest("m", List.of(obs(T0.plusSeconds(70), 1), obs(clock.instant(), 4)))).isEqualTo(new Ingested(1, 1, 1, T0.plus(Duration.ofMinutes(10))));
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void restart_resumesFromTheStoredStateWithoutLosingOrRepeatingAWindow() {
        monitors.define("m", CountingKind.NAME, definition(60));
        MonitorScheduler first = scheduler("a");
        first.tick();
        monitors.ingest("m", List.of(obs(T0.plusSeconds(1), 1), obs(T0.plusSeconds(61), 10)));
        clock.advance(Duration.ofSeconds(90));
        first.tick(); // closes window 0, window 1 is open with one observation in the state
        monitors.ingest("m", List.of(obs(T0.plusSeconds(100), 100)));
        first.close(); // a restart: a new scheduler and kind instances over the same store
        monitors = Monitors.open(store, clock, List.of(new CountingKind()));
        MonitorScheduler second = scheduler("b");
        clock.advance(Duration.ofSeconds(60));
        second.tick();
        assertThat(recordedWindows()).containsOnlyKeys(T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli());
        assertThat(recordedWindows().get(T0.plusSeconds(60).toEpochMilli())).containsExactly(2, 110);
    }

    @Test
    void twoInstances_runEachMonitorOnce_andTheSurvivorTakesOverWhenTheOwnerDies() {
        monitors.define("m1", CountingKind.NAME, definition(60));
        monitors.define("m2", CountingKind.NAME, definition(60));
        MonitorScheduler a = scheduler("a");
        MonitorScheduler b = scheduler("b");
        a.tick();
        b.tick();
        assertThat(a.running()).containsExactly("m1", "m2");
        assertThat(b.running()).isEmpty();
        double total = 0;
        for (int minute = 0; minute < 6; minute++) {
            Instant t = T0.plusSeconds(60L * minute + 30);
            monitors.ingest("m1", List.of(obs(t, minute + 1)));
            total += minute + 1;
            clock.advance(Duration.ofSeconds(60));
            if (minute < 3) a.tick(); // a dies after minute 3: it neither ticks nor releases its leases
            b.tick();
            // a minute is longer than the lease: b takes over at the first tick after a's death
            assertThat(b.running()).isEqualTo(minute < 3 ? List.of() : List.of("m1", "m2"));
        }
        clock.advance(Duration.ofSeconds(60));
        b.tick();
        Map<Long, double[]> windows = recordedWindows();
        assertThat(windows).hasSize(6);
        assertThat(windows.values().stream().mapToDouble(v -> v[1]).sum()).isEqualTo(total);
        assertThat(windows.values()).allSatisfy(v -> assertThat(v[0]).isEqualTo(1));
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void aZombieOwnerCannotWriteAfterTakeover() {
        monitors.define("m", CountingKind.NAME, definition(60));
        MonitorScheduler a = scheduler("a");
        a.tick();
        monitors.ingest("m", List.of(obs(T0.plusSeconds(10), 5)));
        clock.advance(LEASE.plusSeconds(1));
        MonitorScheduler b = scheduler("b");
        b.tick(); // a's lease expired: b takes over (new fence) and writes the state
        assertThat(b.running()).containsExactly("m");
        clock.advance(Duration.ofSeconds(60));
        b.tick();
        // a wakes up: it cannot renew the lease, so it drops the monitor without writing
        a.tick();
        assertThat(a.running()).isEmpty();
        assertThat(recordedWindows()).hasSize(1);
        assertThat(recordedWindows().values().iterator().next()).containsExactly(1, 5);
    }

    @Test
    void saveState_underAnOlderFence_isRefused() {
        monitors.define("m", CountingKind.NAME, definition(60));
        store.jdbi().useTransaction(h -> monitors.saveState(h, "m", definition(1), 0, 0, 2));
        assertThatThrownBy(() -> store.jdbi().useTransaction(h -> monitors.saveState(h, "m", definition(1), 0, 0, 1)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("newer lease");
    }

    @Test
    void stop_refusesObservationsAndReleasesTheMonitor() {
        monitors.define("m", CountingKind.NAME, definition(60));
        MonitorScheduler a = scheduler("a");
        a.tick();
        assertThat(a.running()).containsExactly("m");
        monitors.stop("m");
        a.tick();
        assertThat(a.running()).isEmpty();
        assertThatThrownBy(() -> monitors.ingest("m", List.of(obs(T0, 1)))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("stopped");
    }

    /** A kind another instance was built with (an unknown kind here) is left alone: no lease taken, nothing opened. */
    @Test
    void aMonitorOfAKindThisInstanceDoesNotKnow_isLeftToTheInstancesThatDo() {
        MonitorKind other = new MonitorKind() {
            @Override
            public String name() {
                return "test.other";
            }

            @Override
            public void validate(JsonNode definition) {}

            @Override
            public Instant timeOf(JsonNode observation) {
                return T0;
            }

            @Override
            public MonitorInstance open(MonitorInfo monitor, java.util.Optional<JsonNode> snapshot, java.time.Clock clock) {
                throw new AssertionError("an instance without this kind must not open it");
            }
        };
        Monitors.open(store, clock, List.of(new CountingKind(), other)).define("elsewhere", "test.other", definition(60));
        MonitorScheduler a = scheduler("a");
        a.tick();
        assertThat(a.running()).isEmpty();
        assertThat(monitors.owner("elsewhere")).isEmpty();
        assertThat(monitors.entries()).extracting(Monitors.Entry::kind).containsExactly("test.other");
    }
}
