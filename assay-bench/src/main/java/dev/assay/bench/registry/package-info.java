/**
 * JMH benchmark of deterministic traffic routing (the registry's hash router) on one and two threads.
 */
package dev.assay.bench.registry;
