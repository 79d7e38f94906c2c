/** {@code assay agent ...}: the agent action guard on the command line. */
package dev.assay.cli.agent;
