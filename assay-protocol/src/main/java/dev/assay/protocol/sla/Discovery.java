package dev.assay.protocol.sla;

/**
 * What answers protocol requests under a deadline: one classifier version ({@link DiscoveryService}) or the versions a
 * rollout routes between ({@link ProtocolRollout}).
 */
public interface Discovery {
    /** Classifies the request's flow within its deadline. */
    DiscoveryResult discover(DiscoveryRequest request);

    /** The version that answers by default (a rollout's primary). */
    String version();

    /** The protocol mix and SLA compliance of every request answered since the start. */
    DiscoveryStats stats();
}
