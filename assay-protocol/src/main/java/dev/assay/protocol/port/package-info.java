/** The last-resort guess from well-known ports: a label flagged as a port guess with a low confidence. */
package dev.assay.protocol.port;
