/**
 * Models, versions with provenance, deployments under the {@code Stage} transition table, deterministic hash
 * routing, promote and idempotent rollback; every change is a ledger append. Entry point {@code Registry.open}.
 */
package dev.assay.core.registry;
