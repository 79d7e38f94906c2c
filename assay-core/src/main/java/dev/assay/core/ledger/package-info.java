/**
 * The ledger: append-only, hash-chained, Ed25519-signed entries in the store, group-committed on one writer
 * thread; verification that names the first bad entry (every missing signature is a failure); the auditor's
 * export. Entry point {@code Ledger.open}; the implementation is package-private.
 */
package dev.assay.core.ledger;
