package dev.assay.bench.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.ledger.VerifyReport;
import dev.assay.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Durable ledger throughput on a real SQLite file (WAL, synchronous=FULL): appends per
 * second with 1 and 8 concurrent writers (each append returns only once committed), and
 * verification speed in both modes.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -cp assay-bench/target/benchmarks.jar
 * dev.assay.bench.ledger.LedgerBench [entriesPerRun] [verifyEntries] [jdbcUrl]}
 */
public final class LedgerBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int verifyEntries = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        String url = args.length > 2 ? args[2] : null;
        Path dir = Files.createTempDirectory("assay-ledger-bench");
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        try (Store store = url == null ? Store.sqlite(dir.resolve("bench.db")) : Store.open(url);
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            System.out.println("store: " + store.dialect());
            if (url == null) {
                System.out.printf("baseline, raw SQLite (same pragmas, one row per commit, 1 connection): %,.0f commits/s%n",
                        rawSqliteCommits(dir.resolve("baseline.db"), 4000, "FULL"));
                System.out.printf("reference, the same with synchronous=NORMAL (not durable on power loss): %,.0f commits/s%n",
                        rawSqliteCommits(dir.resolve("normal.db"), 4000, "NORMAL"));
            }
            appends(ledger, 1, perRun / 4); // warm-up
            for (int writers : new int[] {1, 8, 32}) {
                double rate = appends(ledger, writers, writers == 1 ? perRun / 4 : perRun);
                System.out.printf("durable appends, %2d writers: %,.0f entries/s%n", writers, rate);
            }
            int have = (int) ledger.headSeq();
            if (have < verifyEntries) fill(ledger, verifyEntries - have);
            for (VerifyMode mode : VerifyMode.values()) {
                ledger.verify(mode); // warm-up
                long t0 = System.nanoTime();
                VerifyReport r = ledger.verify(mode);
                double s = (System.nanoTime() - t0) / 1e9;
                if (!r.valid()) throw new IllegalStateException(r.detail());
                System.out.printf("verify %-11s: %,d entries in %.2f s = %,.0f entries/s%n",
                        mode, r.entriesChecked(), s, r.entriesChecked() / s);
            }
        }
    }

    /** The storage floor: single-row durable commits through plain JDBC, no hashing or signing. */
    private static double rawSqliteCommits(Path file, int n, String synchronous) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", synchronous);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file, props)) {
            c.createStatement().execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            c.setAutoCommit(false);
            var ps = c.prepareStatement("INSERT INTO t (payload) VALUES (?)");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ps.setString(1, "{\"i\":" + i + ",\"model\":\"ranker-v7\"}");
                ps.executeUpdate();
                c.commit();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double appends(Ledger ledger, int writers, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        int each = total / writers;
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < each; i++)
                    ledger.append("bench.append", "writer-" + id, JSON.createObjectNode().put("i", i).put("model", "ranker-v7"));
            }));
        }
        for (Future<?> f : fs) f.get();
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return each * writers / s;
    }

    static void fill(Ledger ledger, int n) {
        var futures = new ArrayList<java.util.concurrent.CompletableFuture<?>>(4096);
        for (int i = 0; i < n; i++) {
            futures.add(ledger.appendAsync("bench.fill", "filler", JSON.createObjectNode().put("i", i), null));
            if (futures.size() == 4096) {
                futures.forEach(java.util.concurrent.CompletableFuture::join);
                futures.clear();
            }
        }
        futures.forEach(java.util.concurrent.CompletableFuture::join);
    }
}
