package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * How gossip ended: the configuration, the number of peers, the rounds run, whether the peers agreed within the
 * tolerance, their final {@code spread} (see {@link DistributedSignatures#gossip}) and, when they agreed, each
 * peer's reconstruction of the global counters in peer order (empty when they did not).
 */
public record GossipResult(GossipConfig config, int peers, int rounds, boolean converged, double spread,
                           List<SignatureCounters> reconstructed) {
    public GossipResult {
        Objects.requireNonNull(config, "config");
        reconstructed = List.copyOf(reconstructed);
        if (converged ? reconstructed.size() != peers : !reconstructed.isEmpty()) {
            throw new InvalidInputException("a converged gossip has one reconstruction per peer, a failed one none");
        }
    }
}
