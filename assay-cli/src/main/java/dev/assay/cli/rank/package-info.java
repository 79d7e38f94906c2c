/**
 * {@code assay rank ...}: the ranking release capability on files (eval, compare, contract, monitor, gate,
 * distill, harvest, sustain).
 */
package dev.assay.cli.rank;
