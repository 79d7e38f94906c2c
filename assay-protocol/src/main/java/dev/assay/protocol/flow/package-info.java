/**
 * Flows as the classifiers see them: the two ends, the transport, and the first payload
 * segments of each direction in capture order ({@link dev.assay.protocol.flow.FlowSample}), and
 * the {@link dev.assay.protocol.flow.FlowTable} that builds them from capture files: bidirectional
 * flows keyed by VLAN and 5-tuple, TCP payload in sequence order, idle, closed and evicted flows
 * given out as they finish, with each file's statistics ({@link dev.assay.protocol.flow.CaptureSummary}).
 */
package dev.assay.protocol.flow;
