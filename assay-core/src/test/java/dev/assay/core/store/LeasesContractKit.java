package dev.assay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /** The JDBC URL of the store {@link #openStore} opened, to open it again as another process would. */
    protected abstract String url();

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

    @Test
    void concurrentAcquirersOnTwoStores_allGetAnAnswerAndExactlyOneWins() throws Exception {
        int acquirers = 16;
        try (Store second = Store.open(url())) {
            List<Leases> both = List.of(leases, new Leases(second, clock));
            ExecutorService pool = Executors.newFixedThreadPool(acquirers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < acquirers; i++) {
                Leases mine = both.get(i % 2);
                String me = "instance-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return mine.acquire("contended", me, Duration.ofMinutes(1)).isPresent();
                }));
            }
            start.countDown();
            pool.shutdown();
            int winners = 0;
            for (Future<Boolean> a : answers) if (a.get(120, TimeUnit.SECONDS)) winners++;
            assertThat(winners).isEqualTo(1);
            assertThat(both.get(1).holder("contended")).isEqualTo(leases.holder("contended")).isPresent();
        }
    }
}
