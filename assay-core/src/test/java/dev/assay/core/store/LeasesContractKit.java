package dev.assay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lease behaviour every store must show. */
abstract class LeasesContractKit {
    Store store;
    ManualClock clock;
    Leases leases;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        leases = new Leases(store, clock);
    }

    @AfterEach
    void close() {
        if (store != null) store.close(); // null when the backend is absent and the test was skipped
    }

    @Test
    void onlyOneHolderAtATime_untilTheLeaseExpires() {
        var a = leases.acquire("monitor/ranker", "instance-a", Duration.ofSeconds(30));
        assertThat(a).isPresent();
        assertThat(leases.acquire("monitor/ranker", "instance-b", Duration.ofSeconds(30))).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(leases.acquire("monitor/ranker", "instance-a", Duration.ofSeconds(30))).as("renewal").isPresent();
        clock.advance(Duration.ofSeconds(20));
        assertThat(leases.acquire("monitor/ranker", "instance-b", Duration.ofSeconds(30))).as("renewed lease still held").isEmpty();
        clock.advance(Duration.ofSeconds(11));
        var b = leases.acquire("monitor/ranker", "instance-b", Duration.ofSeconds(30));
        assertThat(b).hasValueSatisfying(l -> assertThat(l.fence()).isEqualTo(a.get().fence() + 1));
        assertThat(leases.holder("monitor/ranker")).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("instance-b"));
    }

    @Test
    void release_letsAnotherHolderIn() {
        leases.acquire("job", "a", Duration.ofMinutes(5));
        assertThat(leases.release("job", "b")).isFalse();
        assertThat(leases.release("job", "a")).isTrue();
        assertThat(leases.holder("job")).isEmpty();
        assertThat(leases.acquire("job", "b", Duration.ofMinutes(5))).isPresent();
    }

    @Test
    void concurrentAcquirers_getExactlyOneLease() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        var winners = ConcurrentHashMap.<String>newKeySet();
        for (int i = 0; i < 8; i++) {
            String me = "instance-" + i;
            pool.submit(() -> leases.acquire("contended", me, Duration.ofMinutes(1)).ifPresent(l -> winners.add(me)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(winners).hasSize(1);
    }
}
