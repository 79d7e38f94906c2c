package dev.assay.server.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.LedgerWitnesses;
import dev.assay.core.store.Store;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.Cosignature;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.Witness;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger collecting cosignatures from two real witness servers on 127.0.0.1. */
class LedgerWitnessesTest {
    @TempDir
    Path dir;

    Store store;
    Ledger ledger;
    final List<WitnessServer> servers = new ArrayList<>();
    final List<CosignerKey> keys = List.of(CosignerKey.generate("witness.test/a", new SecureRandom()),
            CosignerKey.generate("witness.test/b", new SecureRandom()));
    LedgerWitnesses witnesses;

    @BeforeEach
    void start() {
        store = Store.sqlite(dir.resolve("ledger.db"));
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
        List<LedgerWitnesses.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Witness w = Witness.open(keys.get(i), Map.of(ledger.origin(), List.of(ledger.checkpointKey())), dir.resolve("state-" + i),
                    Clock.systemUTC());
            WitnessServer s = WitnessServer.create(w, "127.0.0.1", 0).start();
            servers.add(s);
            endpoints.add(LedgerWitnesses.Endpoint.parse(keys.get(i).verifierOnly().verifierKey() + "=" + s.uri()));
        }
        witnesses = new LedgerWitnesses(store, ledger, endpoints, Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        servers.forEach(WitnessServer::stop);
        ledger.close();
        store.close();
    }

    void append(int n) {
        for (int i = 0; i < n; i++) ledger.append("test.entry", "s" + i, JsonNodeFactory.instance.objectNode().put("i", i));
    }

    List<CosignerKey> verifiers() {
        return keys.stream().map(CosignerKey::verifierOnly).toList();
    }

    @Test
    void everyRound_bringsBothWitnessesToTheNewestCheckpoint_withProofsFromWhatEachLastCosigned() {
        assertThat(witnesses.collect()).isEmpty();
        assertThat(witnesses.cosignedCheckpoint()).isEmpty();
        append(3);
        assertThat(witnesses.collect()).extracting(LedgerWitnesses.Attempt::cosigned).containsExactly(true, true);
        String note = witnesses.cosignedCheckpoint().orElseThrow();
        Cosignature.Cosigned c = Cosignature.requireCosigners(note, ledger.checkpointKey(), ledger.origin(), verifiers(), 2);
        assertThat(c.checkpoint().size()).isEqualTo(3);
        assertThat(witnesses.collect()).extracting(LedgerWitnesses.Attempt::detail).containsOnly("already cosigned");

        append(5);
        assertThat(witnesses.collect()).extracting(LedgerWitnesses.Attempt::cosigned).containsExactly(true, true);
        c = Cosignature.requireCosigners(witnesses.cosignedCheckpoint().orElseThrow(), ledger.checkpointKey(), ledger.origin(), verifiers(), 2);
        assertThat(c.checkpoint()).isEqualTo(Checkpoint.parse(ledger.checkpoint().substring(0, ledger.checkpoint().indexOf("\n\n") + 1)));

        servers.get(1).stop();
        append(1);
        List<LedgerWitnesses.Attempt> round = witnesses.collect();
        assertThat(round.get(0).cosigned()).isTrue();
        assertThat(round.get(1).cosigned()).isFalse();
        String newest = witnesses.cosignedCheckpoint().orElseThrow();
        assertThat(Cosignature.requireCosigners(newest, ledger.checkpointKey(), ledger.origin(), verifiers(), 1).checkpoint().size())
                .isEqualTo(9);
        assertThatThrownBy(() -> Cosignature.requireCosigners(newest, ledger.checkpointKey(), ledger.origin(), verifiers(), 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("but 1 verified");
    }

    @Test
    void aRewoundLedger_isRefusedByTheWitness_andNamed() {
        append(6);
        assertThat(witnesses.collect()).extracting(LedgerWitnesses.Attempt::cosigned).containsExactly(true, true);
        ledger.close();
        store.jdbi().useHandle(h -> {
            String hash = h.createQuery("SELECT hash FROM ledger_entries WHERE seq = 4").mapTo(String.class).one();
            h.execute("DELETE FROM ledger_entries WHERE seq > 4");
            h.createUpdate("UPDATE ledger_head SET seq = 4, hash = :h, signature = '', checkpoint = '' WHERE id = 1").bind("h", hash).execute();
        });
        store.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_witnesses"));
        LedgerKeys sameKey = ledger.keys();
        ledger = Ledger.open(store, sameKey, Clock.systemUTC());
        witnesses = new LedgerWitnesses(store, ledger, witnesses.witnesses(), Duration.ofSeconds(10), Clock.systemUTC());
        List<LedgerWitnesses.Attempt> round = witnesses.collect();
        assertThat(round).extracting(LedgerWitnesses.Attempt::cosigned).containsExactly(false, false);
        assertThat(round.get(0).detail()).contains("size 6, beyond this ledger's 4").contains("rewound");
        assertThat(witnesses.cosignedCheckpoint()).isEmpty();
    }

    @Test
    void endpoints_areReadAsVkeyEqualsUrl_andBadOnesNamed() {
        String vkey = keys.get(0).verifierOnly().verifierKey();
        assertThat(LedgerWitnesses.Endpoint.parse(vkey + "=https://w.example/witness").url().toString()).isEqualTo("https://w.example/witness");
        for (String bad : new String[] {vkey, "https://w.example", vkey + "=ftp://x", "nokey=https://w.example"})
            assertThatThrownBy(() -> LedgerWitnesses.Endpoint.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new LedgerWitnesses(store, ledger, List.of(witnesses.witnesses().get(0), witnesses.witnesses().get(0)),
                Duration.ofSeconds(1), Clock.systemUTC())).isInstanceOf(InvalidInputException.class);
    }
}
