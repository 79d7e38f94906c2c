package dev.assay.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.store.Store;
import dev.assay.core.tlog.Merkle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored tree against the in-memory reference over more than one full level-1 tile
 * (65,536 leaves), with entry rows written straight into the store: what the writer keeps in
 * memory, what it writes, what a reader computes from the rows and what a rebuild writes agree.
 */
class LedgerTreeTest {
    private static final int N = 65_536 + 3 * 256 + 17;

    @TempDir
    Path dir;
    Store store;
    List<byte[]> leaves;

    @BeforeEach
    void fill() {
        store = Store.sqlite(dir.resolve("tree.db"));
        Random random = new Random(7);
        leaves = new ArrayList<>(N);
        List<String> hashes = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            hashes.add(HexFormat.of().formatHex(h));
            leaves.add(LedgerTree.leafHash(hashes.get(i)));
        }
        store.write(h -> {
            PreparedBatch insert = h.prepareBatch("INSERT INTO ledger_entries (seq, entry_time, kind, subject, payload, prev_hash,"
                    + " hash, key_id, signature) VALUES (:seq, '2026-01-01T00:00:00Z', 'k', 's', '{}', '', :hash, 'key', '')");
            for (int i = 0; i < N; i++) insert.bind("seq", i + 1L).bind("hash", hashes.get(i)).add();
            return insert.execute();
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void appendsInUnevenBatches_writeTheTilesARebuildWrites_andEveryRootMatchesTheReference() {
        Random random = new Random(11);
        LedgerTree t = LedgerTree.empty();
        Map<LedgerTree.TileKey, byte[]> written = new LinkedHashMap<>();
        int done = 0;
        while (done < N) {
            int batch = Math.min(N - done, 1 + random.nextInt(random.nextBoolean() ? 7 : 900));
            Map<LedgerTree.TileKey, byte[]> writes = new LinkedHashMap<>();
            t = t.append(leaves.subList(done, done + batch), writes);
            written.putAll(writes);
            done += batch;
            assertThat(t.size).isEqualTo(done);
            if (random.nextInt(40) == 0 || done == N) assertThat(t.root()).as("size " + done).isEqualTo(Merkle.root(leaves, done));
        }
        assertThat(written).containsKeys(new LedgerTree.TileKey(1, 0), new LedgerTree.TileKey(1, 1), new LedgerTree.TileKey(2, 0));
        assertThat(written.get(new LedgerTree.TileKey(1, 0))).hasSize(256 * 32);
        assertThat(written.get(new LedgerTree.TileKey(1, 1))).hasSize(3 * 32);
        assertThat(written.get(new LedgerTree.TileKey(2, 0))).hasSize(32);

        Map<LedgerTree.TileKey, byte[]> rebuilt = store.write(h -> {
            LedgerTree r = LedgerTree.rebuild(h, N);
            assertThat(r.root()).isEqualTo(Merkle.root(leaves, N));
            Map<LedgerTree.TileKey, byte[]> rows = new LinkedHashMap<>();
            h.createQuery("SELECT level, idx, hashes FROM ledger_tiles").map((rs, ctx) -> {
                rows.put(new LedgerTree.TileKey(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                return null;
            }).list();
            return rows;
        });
        assertThat(rebuilt.keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
        for (var e : written.entrySet()) assertThat(rebuilt.get(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
    }

    @Test
    void storedTree_givesTheReferenceRootsAndProofs_andLoadsItsRightEdgeAtAnySize() {
        store.write(h -> LedgerTree.rebuild(h, N));
        Merkle.Hashes reference = Merkle.of(leaves);
        Random random = new Random(3);
        long[] sizes = {1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 65_536 + 256, N - 1, N};
        store.jdbi().useHandle(h -> {
            Merkle.Hashes stored = LedgerTree.hashes(h);
            for (long n : sizes) {
                assertThat(Merkle.root(stored, n)).as("root " + n).isEqualTo(Merkle.root(reference, n));
                assertThat(LedgerTree.load(h, n).orElseThrow().root()).as("loaded " + n).isEqualTo(Merkle.root(reference, n));
                long m = 1 + random.nextLong(n);
                assertThat(Merkle.inclusionProof(stored, m - 1, n)).as("inclusion " + m + " in " + n)
                        .containsExactlyElementsOf(Merkle.inclusionProof(reference, m - 1, n));
                assertThat(Merkle.consistencyProof(stored, m, n)).as("consistency " + m + " to " + n)
                        .containsExactlyElementsOf(Merkle.consistencyProof(reference, m, n));
            }
        });
    }

    @Test
    void load_isEmptyWhenATileTheTreeNeedsIsMissing() {
        store.write(h -> LedgerTree.rebuild(h, N));
        store.jdbi().useHandle(h -> {
            assertThat(LedgerTree.load(h, N)).isPresent();
            h.execute("DELETE FROM ledger_tiles WHERE level = 1 AND idx = 1");
            assertThat(LedgerTree.load(h, N)).isEmpty();
            assertThat(LedgerTree.load(h, 65_536)).isPresent();
        });
    }
}
