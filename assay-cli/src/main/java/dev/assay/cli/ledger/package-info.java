/**
 * {@code assay ledger verify | export}: read-only verification of the stored ledger or of an auditor's export
 * against a trusted public key, and the export itself.
 */
package dev.assay.cli.ledger;
