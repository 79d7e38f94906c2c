/**
 * The one reader of Assay's YAML and JSON files: configuration, core contracts, release contracts
 * and monitor limits all go through it.
 *
 * <p>{@link dev.assay.core.document.Document#parse} (or {@code read} for a file) checks the size
 * limit, parses YAML or JSON (chosen by the first character) into a tree that remembers the line
 * of every key and value, and refuses duplicate keys. Callers then read fields through a
 * {@link dev.assay.core.document.Mapping}, which refuses unknown keys (naming the nearest known
 * one) and applies the one scalar grammar of {@link dev.assay.core.document.Scalars}: durations
 * ({@code 250ms 30s 5m 2h 2d}, combinations such as {@code 1h30m}, ISO-8601 {@code PT30S}),
 * finite numbers, whole numbers without fractions, booleans. Problems are collected, each with its
 * path ({@code guards[2].threshold}) and line, and raised together as one
 * {@link dev.assay.core.document.InvalidDocumentException} (an {@code InvalidInputException}:
 * HTTP 400, CLI exit 2), the only exception the reader throws on bad input. A
 * {@link dev.assay.core.document.Section} keeps one mapping of a document for a reader in another
 * module (the configuration's {@code monitors.ranking} for the ranking monitor's reader), its
 * problems still naming the full path and the original line.
 */
package dev.assay.core.document;
