/**
 * The relational store: JDBI over a pooled SQLite (WAL, synchronous=FULL) or PostgreSQL database, migrated by
 * Flyway from one history in SQL both accept; named leases with fencing tokens for work that one instance at a
 * time may do.
 */
package dev.assay.core.store;
