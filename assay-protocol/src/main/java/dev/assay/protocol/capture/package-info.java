/**
 * Packets read from capture files: a streaming reader of pcap (both byte orders, micro- and
 * nanosecond timestamps) and pcapng (sections of either byte order, interfaces with their own
 * link type and timestamp resolution, enhanced, simple and obsolete packet blocks), the link
 * layers (Ethernet with 802.1Q / QinQ tags, raw IP, Linux cooked v1 and v2, BSD loopback), IPv4
 * and IPv6 (extension headers walked) with fragments reassembled, and the transport header.
 * The entry is {@link dev.assay.protocol.capture.Capture}; memory stays bounded whatever the
 * file claims, and a file that cannot be read throws an
 * {@link dev.assay.core.InvalidInputException} naming the file and the byte offset.
 */
package dev.assay.protocol.capture;
