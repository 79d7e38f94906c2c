/** {@code assay fingerprint ...}: behavioural fingerprints of models: build, verify, identify, merge, drift. */
package dev.assay.cli.fingerprint;
