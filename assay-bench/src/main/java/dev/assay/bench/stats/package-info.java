/**
 * JMH benchmark of the paired bootstrap lower confidence bound (10,000 resamples over 10,000 queries) against a
 * naive boxed implementation.
 */
package dev.assay.bench.stats;
