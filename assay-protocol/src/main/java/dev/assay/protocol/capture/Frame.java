package dev.assay.protocol.capture;

/** One record of a capture, reused from record to record: its link type, time, and captured bytes. */
final class Frame {
    int linkType;
    long timestampMicros;
    byte[] data = new byte[0];
    int start;
    int length;
    int originalLength;
    long offset;
}
