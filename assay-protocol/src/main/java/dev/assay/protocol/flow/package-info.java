/**
 * Flows as the classifiers see them: the two ends, the transport, and the first payload
 * segments of each direction in capture order ({@link dev.assay.protocol.flow.FlowSample}).
 */
package dev.assay.protocol.flow;
