/**
 * {@code /health/live} and {@code /health/ready} with per-component status.
 */
package dev.assay.server.health;
