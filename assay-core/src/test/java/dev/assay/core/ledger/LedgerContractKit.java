package dev.assay.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Behaviour every ledger store must show, including every kind of tampering. */
abstract class LedgerContractKit {
    static final ObjectMapper JSON = new ObjectMapper();
    protected Store store;
    protected LedgerKeys keys;
    protected Ledger ledger;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        keys = LedgerKeys.generate(new SecureRandom());
        ledger = Ledger.open(store, keys, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        if (ledger != null) ledger.close();
        if (store != null) store.close();
    }

    static ObjectNode payload(int i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("zeta", i);
        n.put("alpha", "value-" + i);
        n.putObject("nested").put("b", 2).put("a", 1);
        return n;
    }

    void appendTen() {
        for (int i = 1; i <= 10; i++) ledger.append("test.event", "subject-" + i, payload(i));
    }

    @Test
    void append_chainsAndSignsEntries() {
        LedgerEntry first = ledger.append("model.registered", "m1", payload(1));
        LedgerEntry second = ledger.append("model.registered", "m2", payload(2));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo("0".repeat(64));
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(first.payload()).isEqualTo("{\"alpha\":\"value-1\",\"nested\":{\"a\":1,\"b\":2},\"zeta\":1}");
        assertThat(first.keyId()).isEqualTo(keys.keyId());
        assertThat(ledger.headSeq()).isEqualTo(2);
        assertThat(ledger.get(2)).contains(second);
        assertThat(ledger.page(0, 10)).containsExactly(first, second);
        assertThat(ledger.page(1, 10)).containsExactly(second);
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void search_pagesNewestFirstWithKindSubjectAndTextFilters() {
        appendTen();
        ledger.append("other.kind", "subject-1", payload(11));
        ledger.append("test.event", "x_%!", payload(12));
        assertThat(ledger.search(LedgerQuery.newest(3)).stream().map(LedgerEntry::seq)).containsExactly(12L, 11L, 10L);
        assertThat(ledger.search(LedgerQuery.newest(3).before(10)).stream().map(LedgerEntry::seq)).containsExactly(9L, 8L, 7L);
        assertThat(ledger.search(LedgerQuery.newest(100).ofKind("other.*")).stream().map(LedgerEntry::seq)).containsExactly(11L);
        assertThat(ledger.search(LedgerQuery.newest(100).subject("subject-1")).stream().map(LedgerEntry::seq))
                .containsExactly(11L, 10L, 1L);
        assertThat(ledger.search(LedgerQuery.newest(100).containing("VALUE-7")).stream().map(LedgerEntry::seq)).containsExactly(7L);
        // LIKE wildcards in a filter are literal characters.
        assertThat(ledger.search(LedgerQuery.newest(100).ofKind("*.kind")).stream().map(LedgerEntry::seq)).containsExactly(11L);
        assertThat(ledger.search(LedgerQuery.newest(100).ofKind("other"))).isEmpty();
        assertThat(ledger.search(LedgerQuery.newest(100).subject("x_%")).stream().map(LedgerEntry::seq)).containsExactly(12L);
        assertThat(ledger.search(LedgerQuery.newest(100).containing("_%!")).stream().map(LedgerEntry::seq)).containsExactly(12L);
        assertThat(ledger.search(LedgerQuery.newest(100).subject("subject_"))).isEmpty();
        assertThat(ledger.search(LedgerQuery.newest(100).ofKind("test.event").containing("value-1")).stream().map(LedgerEntry::seq))
                .containsExactly(12L, 10L, 1L);
        assertThatThrownBy(() -> LedgerQuery.newest(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
    }

    @Test
    void check_verifiesOneEntryInPlaceAndNamesWhatIsWrong() {
        appendTen();
        assertThat(ledger.check(5)).hasValueSatisfying(c -> assertThat(c.valid()).isTrue());
        assertThat(ledger.check(10)).hasValueSatisfying(c -> assertThat(c.valid()).isTrue());
        assertThat(ledger.check(1)).hasValueSatisfying(c -> assertThat(c.valid()).isTrue());
        assertThat(ledger.check(11)).isEmpty();
        store.jdbi().useHandle(h -> h.execute(
                "UPDATE ledger_entries SET payload = REPLACE(payload, 'value-5', 'value-6') WHERE seq = 5"));
        EntryCheck edited = ledger.check(5).orElseThrow();
        assertThat(edited.valid()).isFalse();
        assertThat(edited.problems()).extracting(EntryCheck.Finding::problem).containsExactly(Problem.EDITED);
        assertThat(edited.problems().get(0).detail()).contains("entry 5 does not match its hash");
        assertThat(ledger.check(4).orElseThrow().valid()).isTrue();
        store.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_entries WHERE seq = 8"));
        assertThat(ledger.check(7).orElseThrow().problems()).extracting(EntryCheck.Finding::problem).containsExactly(Problem.DELETED);
        store.jdbi().useHandle(h -> h.execute("UPDATE ledger_entries SET signature = '' WHERE seq = 2"));
        assertThat(ledger.check(2).orElseThrow().problems()).extracting(EntryCheck.Finding::problem).containsExactly(Problem.UNSIGNED);
    }

    @Test
    void merkleTree_matchesTheReferenceForEverySize_andItsProofsVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LedgerEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 37; i++) {
                int n = i;
                futures.add(pool.submit(() -> ledger.append("tree.event", "s-" + n, payload(n))));
            }
            for (Future<LedgerEntry> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        List<byte[]> leaves = ledger.page(0, 100).stream().map(Ledger::leafHash).toList();
        assertThat(ledger.treeSize()).isEqualTo(37);
        for (int n = 1; n <= 37; n++) {
            byte[] root = ledger.treeRoot(n);
            assertThat(root).as("size " + n).isEqualTo(dev.assay.core.tlog.Merkle.root(leaves, n));
            for (int seq = 1; seq <= n; seq += 5) {
                dev.assay.core.tlog.Merkle.verifyInclusion(seq - 1, n, leaves.get(seq - 1), ledger.inclusionProof(seq, n), root);
            }
            for (int m = 1; m <= n; m += 3) {
                dev.assay.core.tlog.Merkle.verifyConsistency(m, n, ledger.treeRoot(m), root, ledger.consistencyProof(m, n));
            }
        }
        assertThatThrownBy(() -> ledger.treeRoot(38)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0..37");
        assertThatThrownBy(() -> ledger.inclusionProof(9, 8)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ledger.consistencyProof(0, 8)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void checkpoint_isSignedByTheLedgerKey_andCommitsToTheWholeLedger() {
        appendTen();
        String note = ledger.checkpoint();
        dev.assay.core.tlog.Checkpoint c = dev.assay.core.tlog.Checkpoint.open(note, ledger.origin(), List.of(ledger.checkpointKey()));
        assertThat(c.size()).isEqualTo(10);
        assertThat(c.root()).isEqualTo(ledger.treeRoot(10));
        assertThat(ledger.origin()).isEqualTo("assay.ledger/" + keys.keyId());
        assertThat(ledger.checkpointKey().canSign()).isFalse();
        LedgerKeys other = LedgerKeys.generate(new java.security.SecureRandom());
        assertThatThrownBy(() -> dev.assay.core.tlog.Checkpoint.open(note, ledger.origin(), List.of(other.noteKey(ledger.origin()).verifierOnly())))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void merkleTree_isRebuiltOverEntriesWithoutTiles_andStartsAfreshWithAWipedLedger() {
        appendTen();
        byte[] root = ledger.treeRoot(10);
        ledger.close();
        store.jdbi().useHandle(h -> {
            h.execute("DELETE FROM ledger_tiles");
            h.execute("UPDATE ledger_head SET checkpoint = '' WHERE id = 1");
        });
        ledger = Ledger.open(store, keys, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
        assertThat(ledger.treeRoot(10)).isEqualTo(root);
        assertThat(dev.assay.core.tlog.Checkpoint.open(ledger.checkpoint(), ledger.origin(), List.of(ledger.checkpointKey())).size())
                .isEqualTo(10);
        ledger.append("test.event", "after", payload(11));
        assertThat(ledger.treeSize()).isEqualTo(11);
        ledger.close();
        store.jdbi().useHandle(h -> {
            h.execute("DELETE FROM ledger_entries");
            h.execute("UPDATE ledger_head SET seq = 0, hash = '" + "0".repeat(64) + "', signature = '', checkpoint = '' WHERE id = 1");
        });
        ledger = Ledger.open(store, keys, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
        assertThat(ledger.treeSize()).isZero();
        assertThat(ledger.treeRoot(0)).isEqualTo(dev.assay.core.tlog.Merkle.emptyRoot());
        ledger.append("test.event", "fresh", payload(1));
        assertThat(ledger.treeRoot(1)).isEqualTo(Ledger.leafHash(ledger.get(1).orElseThrow()));
    }

    @Test
    void twoLedgersOnOneStore_growOneTree() {
        Ledger second = Ledger.open(store, keys, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
        try {
            for (int i = 0; i < 12; i++) (i % 3 == 0 ? second : ledger).append("test.event", "s-" + i, payload(i));
        } finally {
            second.close();
        }
        List<byte[]> leaves = ledger.page(0, 100).stream().map(Ledger::leafHash).toList();
        for (int n = 1; n <= 12; n++) assertThat(ledger.treeRoot(n)).isEqualTo(dev.assay.core.tlog.Merkle.root(leaves, n));
        dev.assay.core.tlog.Checkpoint c = dev.assay.core.tlog.Checkpoint.open(ledger.checkpoint(), ledger.origin(),
                List.of(ledger.checkpointKey()));
        assertThat(c.size()).isEqualTo(12);
        assertThat(c.root()).isEqualTo(dev.assay.core.tlog.Merkle.root(leaves, 12));
    }

    @Test
    void verify_refusesAHeadCheckpointThatDoesNotCommitToTheEntries() {
        appendTen();
        String forged = new dev.assay.core.tlog.Checkpoint(ledger.origin(), 10, ledger.treeRoot(9)).sign(keys.noteKey(ledger.origin()));
        String foreign = new dev.assay.core.tlog.Checkpoint(ledger.origin(), 10, ledger.treeRoot(10))
                .sign(LedgerKeys.generate(new SecureRandom()).noteKey(ledger.origin()));
        ledger.close();
        ledger = null;
        for (String bad : List.of(forged, foreign)) {
            store.jdbi().useHandle(h -> h.createUpdate("UPDATE ledger_head SET checkpoint = :cp WHERE id = 1").bind("cp", bad).execute());
            VerifyReport r = Ledger.verifyStored(store, keys, VerifyMode.CHECKPOINTS);
            assertThat(r.valid()).isFalse();
            assertThat(r.problem()).isEqualTo(Problem.HEAD_MISMATCH);
            assertThat(r.detail()).contains("checkpoint");
        }
        store.jdbi().useHandle(h -> h.execute("UPDATE ledger_head SET checkpoint = '' WHERE id = 1"));
        assertThat(Ledger.verifyStored(store, keys, VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void exportTiles_writesTheTlogTilesLayout_fromWhichAnyClientRecomputesTheSignedRoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<java.util.concurrent.CompletableFuture<LedgerEntry>> pending = new ArrayList<>();
        for (int i = 0; i < 600; i++) pending.add(ledger.appendAsync("tile.event", "s-" + i, payload(i), null));
        for (var f : pending) f.join();
        assertThat(ledger.exportTiles(dir)).isEqualTo(600);
        dev.assay.core.tlog.Checkpoint c = dev.assay.core.tlog.Checkpoint.open(
                java.nio.file.Files.readString(dir.resolve("checkpoint")), ledger.origin(), List.of(ledger.checkpointKey()));
        assertThat(c.size()).isEqualTo(600);
        List<byte[]> leaves = new ArrayList<>();
        for (String tile : List.of("tile/0/000", "tile/0/001", "tile/0/002.p/88")) {
            byte[] b = java.nio.file.Files.readAllBytes(dir.resolve(tile));
            for (int i = 0; i < b.length; i += 32) leaves.add(java.util.Arrays.copyOfRange(b, i, i + 32));
        }
        assertThat(dev.assay.core.tlog.Merkle.root(leaves, 600)).isEqualTo(c.root());
        byte[] level1 = java.nio.file.Files.readAllBytes(dir.resolve("tile/1/000.p/2"));
        assertThat(java.util.Arrays.copyOfRange(level1, 32, 64)).isEqualTo(dev.assay.core.tlog.Merkle.root(leaves.subList(256, 512), 256));
        byte[] bundle = java.nio.file.Files.readAllBytes(dir.resolve("tile/entries/002.p/88"));
        assertThat(bundle).hasSize(88 * 34);
        assertThat(bundle[0]).isZero();
        assertThat(bundle[1]).isEqualTo((byte) 32);
        assertThat(dev.assay.core.tlog.Merkle.leafHash(java.util.Arrays.copyOfRange(bundle, 2, 34))).isEqualTo(leaves.get(512));
        assertThat(ledger.tile(new dev.assay.core.tlog.TilePath(0, 2, 88))).isEqualTo(java.nio.file.Files.readAllBytes(dir.resolve("tile/0/002.p/88")));
        assertThatThrownBy(() -> ledger.tile(new dev.assay.core.tlog.TilePath(0, 2, 89))).isInstanceOf(dev.assay.core.NotFoundException.class);
        assertThatThrownBy(() -> ledger.tile(new dev.assay.core.tlog.TilePath(1, 0, 3))).isInstanceOf(dev.assay.core.NotFoundException.class);
        assertThatThrownBy(() -> ledger.tile(new dev.assay.core.tlog.TilePath(2, 0, 1))).isInstanceOf(dev.assay.core.NotFoundException.class);
        assertThatThrownBy(() -> ledger.tile(new dev.assay.core.tlog.TilePath(0, Long.MAX_VALUE / 2, 1)))
                .isInstanceOf(dev.assay.core.NotFoundException.class);
    }

    @Test
    void emptyLedger_verifies() {
        VerifyReport r = ledger.verify(VerifyMode.FULL);
        assertThat(r.valid()).isTrue();
        assertThat(r.entriesChecked()).isZero();
    }

    @Test
    void append_rejectsBadInputWithoutStoringAnything() {
        assertThatThrownBy(() -> ledger.append("Bad Kind", "s", payload(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Bad Kind");
        assertThatThrownBy(() -> ledger.append("k", " ", payload(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> ledger.append("k", "s", JSON.createArrayNode()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("JSON object");
        assertThat(ledger.headSeq()).isZero();
    }

    @Test
    void failingAction_storesNeitherActionNorEntry() {
        ledger.append("a", "s", payload(1));
        assertThatThrownBy(() -> ledger.append("b", "s", payload(2), h -> {
            h.execute("INSERT INTO store_info (name, value) VALUES ('from-action', 'x')");
            throw new IllegalStateException("illegal transition");
        })).isInstanceOf(IllegalStateException.class).hasMessage("illegal transition");
        LedgerEntry next = ledger.append("c", "s", payload(3), h ->
                h.execute("INSERT INTO store_info (name, value) VALUES ('kept', 'y')"));
        assertThat(next.seq()).isEqualTo(2);
        int leaked = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM store_info WHERE name = 'from-action'").mapTo(Integer.class).one());
        int kept = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM store_info WHERE name = 'kept'").mapTo(Integer.class).one());
        assertThat(leaked).isZero();
        assertThat(kept).isOne();
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void concurrentAppends_keepTheChainIntact() throws Exception {
        int threads = 8;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<LedgerEntry>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                List<LedgerEntry> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) mine.add(ledger.append("load", "writer-" + id, payload(i)));
                return mine;
            }));
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<List<LedgerEntry>> f : futures) for (LedgerEntry e : f.get()) seqs.add(e.seq());
        pool.shutdown();
        assertThat(seqs).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(ledger.headSeq()).isEqualTo(threads * perThread);
        VerifyReport r = ledger.verify(VerifyMode.FULL);
        assertThat(r.valid()).as(r.detail()).isTrue();
        assertThat(r.entriesChecked()).isEqualTo(threads * perThread);
    }

    @Test
    void close_commitsAcceptedAppendsAndRejectsNewOnes() {
        var pending = new ArrayList<java.util.concurrent.CompletableFuture<LedgerEntry>>();
        for (int i = 0; i < 50; i++) pending.add(ledger.appendAsync("k", "s", payload(i), null));
        ledger.close();
        for (var f : pending) assertThat(f.join().seq()).isPositive();
        assertThatThrownBy(() -> ledger.append("k", "s", payload(0))).isInstanceOf(LedgerException.class);
        ledger = Ledger.open(store, keys, Clock.systemUTC());
        assertThat(ledger.headSeq()).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsAnEditedPayloadByte(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> h.execute(
                "UPDATE ledger_entries SET payload = REPLACE(payload, 'value-5', 'value-6') WHERE seq = 5"));
        assertProblem(ledger.verify(mode), 5, Problem.EDITED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsADeletedEntry(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_entries WHERE seq = 5"));
        assertProblem(ledger.verify(mode), 5, Problem.DELETED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsSwappedEntries(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> {
            h.execute("UPDATE ledger_entries SET seq = -6 WHERE seq = 6");
            h.execute("UPDATE ledger_entries SET seq = 6 WHERE seq = 5");
            h.execute("UPDATE ledger_entries SET seq = 5 WHERE seq = -6");
        });
        VerifyReport r = ledger.verify(mode);
        assertProblem(r, 5, Problem.REORDERED);
        assertThat(r.detail()).contains("is entry 6");
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsATruncatedTail(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_entries WHERE seq > 7"));
        assertProblem(ledger.verify(mode), 8, Problem.TRUNCATED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsATruncationThatRewoundTheHead(VerifyMode mode) {
        appendTen();
        LedgerEntry seventh = ledger.get(7).orElseThrow();
        store.jdbi().useHandle(h -> {
            h.execute("DELETE FROM ledger_entries WHERE seq > 7");
            h.createUpdate("UPDATE ledger_head SET seq = 7, hash = :hash, signature = :sig WHERE id = 1")
                    .bind("hash", seventh.hash()).bind("sig", seventh.signature()).execute();
        });
        assertProblem(ledger.verify(mode), 7, Problem.HEAD_MISMATCH);
    }

    /** Issue 7: a truncation that rewound the head and blanked its signature passed as "ok". */
    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsARewoundHeadWhoseSignatureWasBlanked(VerifyMode mode) {
        appendTen();
        LedgerEntry seventh = ledger.get(7).orElseThrow();
        store.jdbi().useHandle(h -> {
            h.execute("DELETE FROM ledger_entries WHERE seq > 7");
            h.createUpdate("UPDATE ledger_head SET seq = 7, hash = :hash, signature = '' WHERE id = 1")
                    .bind("hash", seventh.hash()).execute();
        });
        VerifyReport r = ledger.verify(mode);
        assertProblem(r, 7, Problem.UNSIGNED);
        assertThat(r.detail()).contains("no signature");
    }

    /** Issue 7: deleting every entry and resetting the head to genesis passed as "0 entries". */
    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsAWipedLedgerWithAnUnsignedGenesisHead(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> {
            h.execute("DELETE FROM ledger_entries");
            h.execute("UPDATE ledger_head SET seq = 0, hash = '" + "0".repeat(64) + "', signature = '' WHERE id = 1");
        });
        assertProblem(ledger.verify(mode), 1, Problem.UNSIGNED);
    }

    @Test
    void open_signsTheGenesisHeadOfANewLedger() {
        String sig = store.jdbi().withHandle(h -> h.createQuery("SELECT signature FROM ledger_head WHERE id = 1")
                .mapTo(String.class).one());
        assertThat(sig).isNotEmpty();
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsAnEntryWhoseSignatureWasBlanked(VerifyMode mode) {
        appendTen();
        store.jdbi().useHandle(h -> h.execute("UPDATE ledger_entries SET signature = '' WHERE seq = 4"));
        assertProblem(ledger.verify(mode), 4, Problem.UNSIGNED);
    }

    /**
     * What CHECKPOINTS does not check: a well-formed signature replaced on an entry between
     * checkpoints whose content is intact (its content stays authenticated by the next
     * checkpoint's signature over the chain). FULL finds it.
     */
    @Test
    void checkpoints_authenticateContentButOnlyFullChecksEveryEntrysOwnSignature() {
        appendTen();
        String other = ledger.get(3).orElseThrow().signature();
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE ledger_entries SET signature = :sig WHERE seq = 4")
                .bind("sig", other).execute());
        assertThat(ledger.verify(VerifyMode.CHECKPOINTS).valid()).isTrue();
        assertProblem(ledger.verify(VerifyMode.FULL), 4, Problem.EDITED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verifyExport_findsAHeadWhoseSignatureWasBlankedOrRemoved(VerifyMode mode) {
        appendTen();
        var out = new ByteArrayOutputStream();
        ledger.export(out);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        String headSig = ledger.get(10).orElseThrow().signature();
        LedgerKeys auditor = LedgerKeys.trusting(keys.publicKey());
        String header = text.substring(0, text.indexOf('\n'));
        String body = text.substring(text.indexOf('\n'));
        com.fasterxml.jackson.databind.node.ObjectNode h;
        try {
            h = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(header);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        var head = (com.fasterxml.jackson.databind.node.ObjectNode) h.get("head");
        assertThat(head.get("signature").asText()).isNotEmpty().isNotEqualTo(headSig);
        head.put("signature", "");
        VerifyReport blanked = Ledger.verifyExport(new ByteArrayInputStream((h + body).getBytes()), auditor, mode);
        assertProblem(blanked, 10, Problem.UNSIGNED);
        head.remove("signature");
        VerifyReport removed = Ledger.verifyExport(new ByteArrayInputStream((h + body).getBytes()), auditor, mode);
        assertProblem(removed, 10, Problem.UNSIGNED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsEntriesResignedWithAnotherKey(VerifyMode mode) {
        appendTen();
        forgeFrom(5, LedgerKeys.generate(new SecureRandom()), true);
        assertProblem(ledger.verify(mode), 5, Problem.WRONG_KEY);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_findsAnEditWhoseHashWasRecomputed(VerifyMode mode) {
        appendTen();
        forgeFrom(5, keys, false);
        assertProblem(ledger.verify(mode), 5, Problem.EDITED);
    }

    @ParameterizedTest
    @EnumSource(VerifyMode.class)
    void verify_reportsTheEarliestProblemWhenThereAreSeveral(VerifyMode mode) {
        appendTen();
        forgeFrom(4, LedgerKeys.generate(new SecureRandom()), true);
        store.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_entries WHERE seq = 8"));
        assertProblem(ledger.verify(mode), 4, Problem.WRONG_KEY);
    }

    @Test
    void verify_withAnotherTrustedKey_reportsWrongKeyAtTheFirstEntry() {
        appendTen();
        assertProblem(ledger.verify(VerifyMode.CHECKPOINTS, LedgerKeys.generate(new SecureRandom())), 1, Problem.WRONG_KEY);
    }

    @Test
    void export_roundTripsAndDetectsTampering() {
        appendTen();
        var out = new ByteArrayOutputStream();
        ledger.export(out);
        byte[] bytes = out.toByteArray();
        LedgerKeys auditor = LedgerKeys.trusting(keys.publicKey());
        assertThat(Ledger.verifyExport(new ByteArrayInputStream(bytes), auditor, VerifyMode.FULL).valid()).isTrue();
        String tampered = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("value-3", "value-9");
        VerifyReport r = Ledger.verifyExport(new ByteArrayInputStream(tampered.getBytes()), auditor, VerifyMode.FULL);
        assertProblem(r, 3, Problem.EDITED);
        assertThatThrownBy(() -> Ledger.verifyExport(new ByteArrayInputStream("{\"format\":\"x\"}\n".getBytes()),
                auditor, VerifyMode.FULL)).isInstanceOf(InvalidInputException.class).hasMessageContaining("format");
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text.lines().findFirst().orElseThrow()).contains("\"checkpoint\":\"" + ledger.origin());
        String otherCheckpoint = new dev.assay.core.tlog.Checkpoint(ledger.origin(), 10, ledger.treeRoot(9)).sign(keys.noteKey(ledger.origin()));
        String swapped = text.replace(ledger.checkpoint().replace("\n", "\\n"), otherCheckpoint.replace("\n", "\\n"));
        assertThat(swapped).isNotEqualTo(text);
        assertProblem(Ledger.verifyExport(new ByteArrayInputStream(swapped.getBytes()), auditor, VerifyMode.FULL), 10, Problem.HEAD_MISMATCH);
    }

    /** Rewrites entries from {@code from} on with a recomputed chain, as an attacker with {@code signer} would. */
    void forgeFrom(long from, LedgerKeys signer, boolean resign) {
        List<LedgerEntry> all = ledger.page(0, 1000);
        String prev = all.get((int) from - 2).hash();
        for (LedgerEntry e : all.subList((int) from - 1, all.size())) {
            String payload = e.seq() == from ? e.payload().replace("value-", "forged-") : e.payload();
            String keyId = resign ? signer.keyId() : e.keyId();
            String hash = Canonical.entryHash(e.seq(), e.time().toString(), e.kind(), e.subject(), payload, prev, keyId);
            String sig = resign ? signer.sign(Canonical.hashBytes(hash)) : e.signature();
            String p = prev;
            store.jdbi().useHandle(h -> h.createUpdate("UPDATE ledger_entries SET payload = :payload, prev_hash = :prev, "
                            + "hash = :hash, key_id = :keyId, signature = :sig WHERE seq = :seq")
                    .bind("payload", payload).bind("prev", p).bind("hash", hash).bind("keyId", keyId)
                    .bind("sig", sig).bind("seq", e.seq()).execute());
            prev = hash;
        }
        String last = prev;
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE ledger_head SET hash = :hash WHERE id = 1")
                .bind("hash", last).execute());
    }

    static void assertProblem(VerifyReport r, long seq, Problem problem) {
        assertThat(r.valid()).as("verification should fail").isFalse();
        assertThat(r.problem()).as(r.detail()).isEqualTo(problem);
        assertThat(r.firstBadSeq()).as(r.detail()).isEqualTo(seq);
    }
}
