package dev.assay.protocol.capture;

import java.io.IOException;

/** The records of one capture format, in file order. */
interface FrameReader {
    /** Fills {@code frame} with the next record; false at the end of the file. */
    boolean next(Frame frame) throws IOException;

    /** Where the file ended inside a record, or null when it did not (so far). */
    CaptureStats.Cut cut();

    /** The first link type the file declared that {@link Decoder} does not decode, or null when there is none (so far). */
    LinkType firstUnsupported();

    /** Whether the file declared a link type {@link Decoder} decodes (so far). */
    boolean declaresSupported();

    String format();

    /** A link type as the file declares it: its value, the byte offset of the field, and the pcapng interface (0 for pcap). */
    record LinkType(int value, long offset, int iface) {}
}
