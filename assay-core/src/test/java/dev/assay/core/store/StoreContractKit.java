package dev.assay.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every store backend must show; subclassed once per database. */
abstract class StoreContractKit {
    protected Store store;

    protected abstract Store openStore();

    /** The JDBC URL of the store {@link #openStore} opened, to open it again as another process would. */
    protected abstract String url();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void open_appliesMigrations() {
        String v = store.jdbi().withHandle(h -> h.createQuery("SELECT value FROM store_info WHERE name = 'schema'")
                .mapTo(String.class).one());
        assertThat(v).isEqualTo("assay");
        assertThat(store.ping()).isTrue();
    }

    @Test
    void failedTransaction_leavesNoTrace() {
        assertThatThrownBy(() -> store.jdbi().useTransaction(h -> {
            h.execute("INSERT INTO store_info (name, value) VALUES ('probe', 'x')");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        int n = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM store_info WHERE name = 'probe'")
                .mapTo(Integer.class).one());
        assertThat(n).isZero();
    }

    @Test
    void duplicateKey_isRejected() {
        assertThatThrownBy(() -> store.jdbi().useHandle(h ->
                h.execute("INSERT INTO store_info (name, value) VALUES ('schema', 'again')")))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void write_commitsTheWorkAndReturnsItsResult() {
        int rows = store.write(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('w', 'x')"));
        assertThat(rows).isEqualTo(1);
        assertThat(value("w")).isEqualTo("x");
    }

    @Test
    void write_nestedOnOneThread_joinsTheTransactionAndRollsBackWithIt() {
        assertThatThrownBy(() -> store.write(outer -> {
            outer.execute("INSERT INTO store_info (name, value) VALUES ('outer', 'x')");
            store.write(inner -> inner.execute("INSERT INTO store_info (name, value) VALUES ('inner', 'x')"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(count("outer") + count("inner")).isZero();
    }

    @Test
    void writesThatReadThenWrite_fromTwoStoresAtOnce_allSucceedAndLoseNoUpdate() throws Exception {
        store.write(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('counter', '0')"));
        int threadsPerStore = 4;
        int rounds = 25;
        try (Store other = Store.open(url())) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Store s : List.of(store, other)) {
                for (int t = 0; t < threadsPerStore; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            s.write(h -> {
                                int n = Integer.parseInt(h.createQuery("SELECT value FROM store_info WHERE name = 'counter'")
                                        .mapTo(String.class).one());
                                return h.execute("UPDATE store_info SET value = ? WHERE name = 'counter'", Integer.toString(n + 1));
                            });
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            pool.shutdown();
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        }
        assertThat(value("counter")).isEqualTo(Integer.toString(2 * threadsPerStore * rounds));
    }

    @Test
    void write_whileAnotherStoreHoldsTheLock_failsAsBusyWhenItsWaitRunsOut() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try (Store other = Store.open(url(), Store.WRITE_QUEUE_WAIT, Duration.ofMillis(200))) {
            Future<Integer> holding = holder.submit(() -> store.write(h -> {
                int n = h.execute("INSERT INTO store_info (name, value) VALUES ('held', 'x')");
                held.countDown();
                assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                return n;
            }));
            assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> other.write(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('blocked', 'x')")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the store is busy");
            release.countDown();
            assertThat(holding.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            other.write(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('after', 'x')"));
        } finally {
            release.countDown();
            holder.shutdown();
        }
        assertThat(count("held") + count("after")).isEqualTo(2);
        assertThat(count("blocked")).isZero();
    }

    @Test
    void write_queuedBehindAWriterInThisProcess_failsAsBusyWhenTheQueueWaitRunsOut() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try (Store impatient = Store.open(url(), Duration.ofMillis(100), Store.LOCK_WAIT)) {
            Future<?> holding = holder.submit(() -> impatient.write(h -> {
                held.countDown();
                return release.await(60, TimeUnit.SECONDS);
            }));
            assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> impatient.write(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('queued', 'x')")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the store is busy")
                    .hasMessageContaining("queued");
            release.countDown();
            holding.get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            holder.shutdown();
        }
        assertThat(count("queued")).isZero();
    }

    private String value(String name) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT value FROM store_info WHERE name = :n")
                .bind("n", name).mapTo(String.class).one());
    }

    private int count(String name) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM store_info WHERE name = :n")
                .bind("n", name).mapTo(Integer.class).one());
    }
}
