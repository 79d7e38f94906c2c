/**
 * Distributed signature building with in-process nodes: map-reduce and hierarchical merge (byte for byte the
 * single-machine signature), federation (sites send only signatures, optionally with discrete Laplace noise on
 * every counter) and push-sum gossip among peers, all through
 * {@link dev.assay.fingerprint.distributed.DistributedSignatures}.
 */
package dev.assay.fingerprint.distributed;
