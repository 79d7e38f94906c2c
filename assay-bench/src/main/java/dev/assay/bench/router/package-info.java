/**
 * JMH benchmark of the distilled ranking router's INT8 table inference, per decision.
 */
package dev.assay.bench.router;
