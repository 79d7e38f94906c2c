/**
 * The guard's pipeline, cheapest check first: size limits, hidden characters, the tool policy, then by kind the
 * command guard and program lists (shell), path classes and globs on real paths (files), URL, scheme and host rules
 * (HTTP); the most severe finding decides, and a failure of the guard itself DENIES ({@link dev.assay.agent.guard.Guard}).
 */
package dev.assay.agent.guard;
