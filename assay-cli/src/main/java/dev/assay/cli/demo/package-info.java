/** {@code assay demo}: a separate demo data directory seeded from real shared data through the core APIs, then served. */
package dev.assay.cli.demo;
