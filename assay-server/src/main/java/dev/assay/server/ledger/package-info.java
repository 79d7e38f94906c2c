/**
 * HTTP routes of the ledger: pages, single entries, verification and the public key.
 */
package dev.assay.server.ledger;
