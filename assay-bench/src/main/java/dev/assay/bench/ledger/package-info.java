/**
 * Ledger throughput and verification ({@code LedgerBench}, a plain-Java harness with raw SQLite commits as its
 * baseline) and Ed25519 signing and verification through Bouncy Castle against the JDK provider ({@code SignatureBenchmark}).
 */
package dev.assay.bench.ledger;
