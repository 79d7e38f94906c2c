/**
 * The monitor lifecycle every capability uses: a monitor is a stored definition of a
 * registered {@link dev.assay.core.monitor.MonitorKind}, fed with observations that are
 * durable once acknowledged ({@link dev.assay.core.monitor.Monitors#ingest}), and run by a
 * {@link dev.assay.core.monitor.MonitorScheduler} on exactly one instance at a time (a store
 * lease per monitor, with its fencing token on every state write). Each closed window's
 * ledger entry and the state snapshot after it commit in one transaction, so a restart or a
 * takeover by another instance resumes from the last window without losing one or counting
 * one twice.
 */
package dev.assay.core.monitor;
