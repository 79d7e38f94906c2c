/**
 * The service configuration: one YAML file, {@code ASSAY_*} environment overrides and command-line overrides,
 * validated with every problem listed at once.
 */
package dev.assay.core.config;
