/**
 * Unknown-protocol discovery: messages cut from flows (a UDP datagram, a TCP segment, or a frame of a length field
 * found to chain through the stream), flows grouped by port and byte-profile similarity, messages grouped into
 * types by a key byte, and per type the fields inferred from aligned messages (constants, type, length fields
 * with width, byte order and offset, counters, identifiers echoed by the reply, and boundaries where the byte
 * statistics change), given as a {@link dev.assay.protocol.discover.FormatDescription}.
 */
package dev.assay.protocol.discover;
