/**
 * {@code assay models ...}: the registry from the command line (register, add versions with provenance, deploy,
 * promote, roll back, route).
 */
package dev.assay.cli.models;
