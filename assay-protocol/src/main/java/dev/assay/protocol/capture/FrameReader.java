package dev.assay.protocol.capture;

import java.io.IOException;

/** The records of one capture format, in file order. */
interface FrameReader {
    /** Fills {@code frame} with the next record; false at the end of the file. */
    boolean next(Frame frame) throws IOException;

    /** Whether the file ended inside a record. */
    boolean cutShort();

    String format();
}
