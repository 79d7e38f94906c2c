/**
 * HTTP routes of the fingerprint capability: building a signature from a response log, verifying a candidate log
 * against a reference, and identifying which reference model produced a log.
 */
package dev.assay.server.fingerprint;
