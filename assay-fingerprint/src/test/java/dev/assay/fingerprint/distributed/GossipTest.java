package dev.assay.fingerprint.distributed;

import static dev.assay.fingerprint.distributed.Fixtures.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GossipTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final List<Response> RESPONSES = Fixtures.responses(21, 400, 4);

    @AfterAll
    static void shutdown() {
        POOL.close();
    }

    /** Eight peers over uneven parts of the responses, one of them empty. */
    private static List<Signature> peers() {
        List<Signature> out = new ArrayList<>();
        int[] cuts = {0, 10, 70, 70, 150, 260, 300, 390, 400};
        for (int j = 0; j < 8; j++) out.add(Fixtures.central(RESPONSES.subList(cuts[j], cuts[j + 1])));
        return out;
    }

    @Test
    void gossip_everyPeerReconstructsTheCentralCountersExactly() {
        GossipResult result = DistributedSignatures.gossip(peers(), GossipConfig.defaults(5), POOL);
        SignatureCounters central = SignatureCounters.of(Fixtures.central(RESPONSES));
        assertThat(result.converged()).isTrue();
        assertThat(result.peers()).isEqualTo(8);
        assertThat(result.rounds()).isPositive().isLessThan(result.config().maxRounds());
        assertThat(result.spread()).isLessThanOrEqualTo(1e-12);
        assertThat(result.reconstructed()).hasSize(8).allSatisfy(c -> assertThat(c).isEqualTo(central));
        assertThat(central.responses()).isEqualTo(400);
    }

    @Test
    void gossip_isReproducibleFromItsSeedAndTheSeedChangesThePath() {
        GossipResult a = DistributedSignatures.gossip(peers(), GossipConfig.defaults(5), POOL);
        GossipResult b = DistributedSignatures.gossip(peers(), GossipConfig.defaults(5), POOL);
        assertThat(b.rounds()).isEqualTo(a.rounds());
        assertThat(b.spread()).isEqualTo(a.spread());
        GossipResult other = DistributedSignatures.gossip(peers(), GossipConfig.defaults(6), POOL);
        assertThat(other.converged()).isTrue();
        assertThat(other.reconstructed()).isEqualTo(a.reconstructed());
        assertThat(List.of(other.rounds(), other.spread())).isNotEqualTo(List.of(a.rounds(), a.spread()));
    }

    @Test
    void gossip_thatRunsOutOfRoundsReportsNoReconstruction() {
        GossipResult result = DistributedSignatures.gossip(peers(), new GossipConfig(3, 1e-12, 5), POOL);
        assertThat(result.converged()).isFalse();
        assertThat(result.rounds()).isEqualTo(3);
        assertThat(result.spread()).isGreaterThan(1e-12);
        assertThat(result.reconstructed()).isEmpty();
    }

    @Test
    void gossip_ofOnePeerAgreesAtOnce() {
        Signature only = Fixtures.central(RESPONSES);
        GossipResult result = DistributedSignatures.gossip(List.of(only), GossipConfig.defaults(1), POOL);
        assertThat(result.rounds()).isZero();
        assertThat(result.reconstructed()).containsExactly(SignatureCounters.of(only));
    }

    @Test
    void gossip_refusesBadPeersAndParameters() {
        Signature other = Signature.builder(new EncoderConfig(256, "other", 3, 1 << 20), "m").build();
        assertThatThrownBy(() -> DistributedSignatures.gossip(List.of(Fixtures.central(RESPONSES), other), GossipConfig.defaults(1), POOL))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("peer 1: encoder configurations differ");
        Signature empty = Signature.builder(SPEC.config(), "m").build();
        assertThatThrownBy(() -> DistributedSignatures.gossip(List.of(empty, empty), GossipConfig.defaults(1), POOL))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one response");
        assertThatThrownBy(() -> new GossipConfig(0, 1e-9, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("maxRounds must be 1 to 1000000, but was 0");
        assertThatThrownBy(() -> new GossipConfig(10, 0.5, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("tolerance must be greater than 0 and lower than 0.5, but was 0.5");
    }
}
