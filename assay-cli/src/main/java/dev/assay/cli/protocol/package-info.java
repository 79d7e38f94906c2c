/** {@code assay protocol ...}: protocol discovery on the command line. */
package dev.assay.cli.protocol;
