package dev.assay.bench.ledger;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.Merkle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The ledger as a transparency log at scale, on a real SQLite file: filling N signed entries
 * (default 1,000,000) with the tree and a signed checkpoint per group commit, reopening, rebuilding
 * the tree from the entries alone, inclusion and consistency proofs (time to produce from the
 * store, size, time to verify offline), 8-writer durable appends at that size, and exporting
 * the C2SP tiles.
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -cp assay-bench/target/benchmarks.jar
 * dev.assay.bench.ledger.TlogBench [entries] [proofs]}
 */
public final class TlogBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int proofs = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("assay-tlog-bench");
        System.out.printf("machine: %d cores, %s %s, load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), load());
        LedgerKeys keys = LedgerKeys.generate(new SecureRandom());
        try (Store store = Store.sqlite(dir.resolve("tlog.db"))) {
            try (Ledger ledger = Ledger.open(store, keys, Clock.systemUTC())) {
                long t0 = System.nanoTime();
                LedgerBench.fill(ledger, n);
                double s = secs(t0);
                System.out.printf("fill: %,d entries (async, group commit) in %.1f s = %,.0f entries/s%n", n, s, n / s);
            }
            long t0 = System.nanoTime();
            Ledger ledger = Ledger.open(store, keys, Clock.systemUTC());
            System.out.printf("reopen with the tree stored: %.0f ms%n", secs(t0) * 1000);
            ledger.close();
            store.jdbi().useHandle(h -> {
                h.execute("DELETE FROM ledger_tiles");
                h.execute("UPDATE ledger_head SET checkpoint = '' WHERE id = 1");
            });
            t0 = System.nanoTime();
            ledger = Ledger.open(store, keys, Clock.systemUTC());
            double rebuild = secs(t0);
            System.out.printf("reopen rebuilding the tree from %,d entries: %.2f s = %,.0f entries/s%n", n, rebuild, n / rebuild);
            try (Ledger l = ledger) {
                Checkpoint c = Checkpoint.open(l.checkpoint(), l.origin(), List.of(l.checkpointKey()));
                Random random = new Random(1);
                long[] seqs = random.longs(proofs, 1, n + 1).toArray();
                long[] olds = random.longs(proofs, 1, n).toArray();
                int[] i = {0};
                byte[][] leaf = new byte[proofs][];
                for (int k = 0; k < proofs; k++) leaf[k] = Ledger.leafHash(l.get(seqs[k]).orElseThrow());
                List<?>[] inclusion = new List<?>[proofs];
                report("inclusion proof from the store", proofs, () -> {
                    int k = i[0]++ % proofs;
                    long t = System.nanoTime();
                    inclusion[k] = l.inclusionProof(seqs[k], n);
                    return System.nanoTime() - t;
                });
                i[0] = 0;
                report("inclusion proof verified offline", proofs, () -> {
                    int k = i[0]++ % proofs;
                    @SuppressWarnings("unchecked") List<byte[]> p = (List<byte[]>) inclusion[k];
                    long t = System.nanoTime();
                    Merkle.verifyInclusion(seqs[k] - 1, n, leaf[k], p, c.root());
                    return System.nanoTime() - t;
                });
                i[0] = 0;
                List<?>[] consistency = new List<?>[proofs];
                byte[][] oldRoots = new byte[proofs][];
                report("consistency proof from the store", proofs, () -> {
                    int k = i[0]++ % proofs;
                    long t = System.nanoTime();
                    consistency[k] = l.consistencyProof(olds[k], n);
                    return System.nanoTime() - t;
                });
                for (int k = 0; k < proofs; k++) oldRoots[k] = l.treeRoot(olds[k]);
                i[0] = 0;
                report("consistency proof verified offline", proofs, () -> {
                    int k = i[0]++ % proofs;
                    @SuppressWarnings("unchecked") List<byte[]> p = (List<byte[]>) consistency[k];
                    long t = System.nanoTime();
                    Merkle.verifyConsistency(olds[k], n, oldRoots[k], c.root(), p);
                    return System.nanoTime() - t;
                });
                System.out.printf("proof sizes at %,d: inclusion %d..%d hashes, consistency %d..%d hashes (32 bytes each)%n", n,
                        Arrays.stream(inclusion).mapToInt(List::size).min().orElse(0), Arrays.stream(inclusion).mapToInt(List::size).max().orElse(0),
                        Arrays.stream(consistency).mapToInt(List::size).min().orElse(0), Arrays.stream(consistency).mapToInt(List::size).max().orElse(0));
                double rate = LedgerBench.appends(l, 8, 20_000);
                System.out.printf("durable appends, 8 writers, on the %,d-entry ledger: %,.0f entries/s%n", n, rate);
                t0 = System.nanoTime();
                long size = l.exportTiles(dir.resolve("tiles"));
                System.out.printf("export tiles of %,d entries: %.2f s%n", size, secs(t0));
            }
        }
    }

    private static void report(String what, int count, LongSupplier timedNanos) {
        for (int k = 0; k < Math.min(200, count); k++) timedNanos.getAsLong();
        long[] t = new long[count];
        for (int k = 0; k < count; k++) t[k] = timedNanos.getAsLong();
        Arrays.sort(t);
        System.out.printf("%-36s: median %,.1f us, p99 %,.1f us, max %,.1f us (%,d)%n", what, t[count / 2] / 1e3,
                t[(int) (count * 0.99)] / 1e3, t[count - 1] / 1e3, count);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
