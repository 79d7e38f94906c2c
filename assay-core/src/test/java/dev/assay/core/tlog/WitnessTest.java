package dev.assay.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.ConflictException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessTest {
    static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path dir;

    Store store;
    Ledger ledger;
    final CosignerKey key = CosignerKey.generate("witness.test/w1", new SecureRandom());
    final List<Witness> witnesses = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.sqlite(dir.resolve("ledger.db"));
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.fixed(T, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        for (Witness w : witnesses) w.close();
        ledger.close();
        store.close();
    }

    Witness witness() {
        Witness w = Witness.open(key, Map.of(ledger.origin(), List.of(ledger.checkpointKey())), dir.resolve("state"),
                Clock.fixed(T, ZoneOffset.UTC));
        witnesses.add(w);
        return w;
    }

    void append(int n) {
        for (int i = 0; i < n; i++) ledger.append("test.entry", "s" + i, JsonNodeFactory.instance.objectNode().put("i", i));
    }

    static byte[] body(long old, List<byte[]> proof, String note) {
        return Witness.Request.format(old, proof, note).getBytes(StandardCharsets.UTF_8);
    }

    Witness.Outcome add(Witness w, long old, long size) {
        return w.addCheckpoint(body(old, old == 0 ? List.of() : ledger.consistencyProof(old, size), ledger.checkpoint()));
    }

    @Test
    void firstContactAndGrowthWithALedgersProofAreCosignedWithTheClocksTime() {
        Witness w = witness();
        append(3);
        String first = ledger.checkpoint();
        Witness.Outcome o = w.addCheckpoint(body(0, List.of(), first));
        assertThat(o).isInstanceOf(Witness.Outcome.Cosigned.class);
        String line = ((Witness.Outcome.Cosigned) o).lines();
        String text = first.substring(0, first.lastIndexOf("\n\n") + 1);
        assertThat(Cosignature.verify(text, line, key.verifierOnly())).isEqualTo(T);
        append(5);
        Witness.Outcome grown = add(w, 3, 8);
        assertThat(grown.status()).isEqualTo(200);
        String cosigned = ledger.checkpoint() + ((Witness.Outcome.Cosigned) grown).lines();
        assertThat(Cosignature.requireCosigners(cosigned, ledger.checkpointKey(), ledger.origin(), List.of(key.verifierOnly()), 1)
                .checkpoint().size()).isEqualTo(8);
        assertThat(w.latest(ledger.origin())).contains(cosigned);
        assertThat(add(w, 8, 8).status()).as("the same checkpoint again").isEqualTo(200);
    }

    @Test
    void aStaleOldSizeIsAConflictCarryingTheWitnessesSize() {
        Witness w = witness();
        append(4);
        add(w, 0, 4);
        append(2);
        assertThat(add(w, 2, 6)).isEqualTo(new Witness.Outcome.Conflict(4));
        assertThat(add(w, 0, 6)).isEqualTo(new Witness.Outcome.Conflict(4));
        assertThat(add(w, 4, 6).status()).isEqualTo(200);
    }

    @Test
    void aCorruptedProofIsUnprocessable_andTheStateStays() {
        Witness w = witness();
        append(5);
        add(w, 0, 5);
        append(6);
        List<byte[]> proof = new ArrayList<>(ledger.consistencyProof(5, 11));
        byte[] h = proof.get(0).clone();
        h[0] ^= 1;
        proof.set(0, h);
        Witness.Outcome o = w.addCheckpoint(body(5, proof, ledger.checkpoint()));
        assertThat(o).isInstanceOf(Witness.Outcome.BadProof.class);
        assertThat(o.status()).isEqualTo(422);
        assertThat(w.addCheckpoint(body(5, List.of(), ledger.checkpoint())).status()).as("no proof").isEqualTo(422);
        assertThat(add(w, 5, 11).status()).as("the state is still 5").isEqualTo(200);
    }

    @Test
    void aRollbackToASmallerCheckpointIsRefused() {
        Witness w = witness();
        append(3);
        String old = ledger.checkpoint();
        append(3);
        assertThat(w.addCheckpoint(body(0, List.of(), old)).status()).isEqualTo(200);
        assertThat(add(w, 3, 6).status()).isEqualTo(200);
        // a rollback: the size-3 checkpoint, claiming the witness's size (old > size) or its own
        assertThat(w.addCheckpoint(body(6, List.of(), old))).isInstanceOf(Witness.Outcome.Malformed.class);
        assertThat(w.addCheckpoint(body(3, List.of(), old))).isEqualTo(new Witness.Outcome.Conflict(6));
    }

    @Test
    void aForkOfTheSameSizeOrAnotherHistoryIsRefused() {
        NoteKey log = NoteKey.signer("fork.test/log", new byte[32]);
        Witness w = Witness.open(key, Map.of("fork.test/log", List.of(log.verifierOnly())), dir.resolve("fork-state"),
                Clock.fixed(T, ZoneOffset.UTC));
        witnesses.add(w);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 6; i++) leaves.add(Merkle.leafHash(new byte[] {(byte) i}));
        List<byte[]> forked = new ArrayList<>(leaves);
        forked.set(1, Merkle.leafHash(new byte[] {99}));
        String six = new Checkpoint("fork.test/log", 6, Merkle.root(leaves, 6)).sign(log);
        assertThat(w.addCheckpoint(body(0, List.of(), six)).status()).isEqualTo(200);
        String otherSix = new Checkpoint("fork.test/log", 6, Merkle.root(forked, 6)).sign(log);
        assertThat(w.addCheckpoint(body(6, List.of(), otherSix))).isInstanceOf(Witness.Outcome.BadProof.class);
        forked.add(Merkle.leafHash(new byte[] {6}));
        String otherSeven = new Checkpoint("fork.test/log", 7, Merkle.root(forked, 7)).sign(log);
        Witness.Outcome o = w.addCheckpoint(body(6, Merkle.consistencyProof(forked, 6, 7), otherSeven));
        assertThat(o).isInstanceOf(Witness.Outcome.BadProof.class);
        assertThat(w.latest("fork.test/log")).hasValueSatisfying(n -> assertThat(n).startsWith(six));
    }

    @Test
    void theStateSurvivesARestart() {
        Witness w = witness();
        append(2);
        add(w, 0, 2);
        w.close();
        witnesses.remove(w);
        Witness again = witness();
        append(1);
        assertThat(add(again, 0, 3)).isEqualTo(new Witness.Outcome.Conflict(2));
        assertThat(add(again, 2, 3).status()).isEqualTo(200);
    }

    @Test
    void aSecondWitnessCannotShareTheStateDirectory() {
        witness();
        assertThatThrownBy(this::witness).isInstanceOf(ConflictException.class).hasMessageContaining("state directory");
    }

    @Test
    void anUnknownOriginIsNotFound_aBadLogSignatureForbidden_garbageMalformed() {
        Witness w = witness();
        append(1);
        NoteKey stranger = NoteKey.signer("other.log", new byte[32]);
        String foreign = new Checkpoint("other.log", 0, Merkle.emptyRoot()).sign(stranger);
        assertThat(w.addCheckpoint(body(0, List.of(), foreign))).isEqualTo(new Witness.Outcome.UnknownLog("other.log"));
        NoteKey impostor = NoteKey.signer(ledger.origin(), new byte[32]);
        String unsigned = new Checkpoint(ledger.origin(), 1, ledger.treeRoot(1)).sign(impostor);
        assertThat(w.addCheckpoint(body(0, List.of(), unsigned)).status()).isEqualTo(403);
        String tampered = ledger.checkpoint().replaceFirst("\n1\n", "\n2\n");
        assertThat(w.addCheckpoint(body(0, List.of(), tampered)).status()).isEqualTo(403);
        for (String bad : List.of("", "old 01\n\n" + ledger.checkpoint(), "old 0\nnot-base64!\n\n" + ledger.checkpoint(),
                "old -1\n\n" + ledger.checkpoint(), "new 0\n\n" + ledger.checkpoint(), "old 0\n" + ledger.checkpoint(),
                "old 0\n\nno checkpoint\n"))
            assertThat(w.addCheckpoint(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(Witness.Outcome.Malformed.class);
        assertThat(w.addCheckpoint(new byte[] {(byte) 0xff, '\n', '\n'})).isInstanceOf(Witness.Outcome.Malformed.class);
    }

    @Test
    void concurrentSubmissionsOfOneOriginNeverRollTheStateBack() throws Exception {
        Witness w = witness();
        append(4);
        String four = ledger.checkpoint();
        append(4);
        String eight = ledger.checkpoint();
        List<byte[]> proof = ledger.consistencyProof(4, 8);
        add(w, 0, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Witness.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] req = i % 2 == 0 ? body(4, proof, eight) : body(4, List.of(), four);
                results.add(pool.submit(() -> w.addCheckpoint(req)));
            }
            for (Future<Witness.Outcome> f : results) assertThat(f.get().status()).isIn(200, 409);
        } finally {
            pool.shutdown();
        }
        assertThat(Checkpoint.parse(w.latest(ledger.origin()).orElseThrow().split("\n\n")[0] + "\n").size()).isEqualTo(8);
    }
}
