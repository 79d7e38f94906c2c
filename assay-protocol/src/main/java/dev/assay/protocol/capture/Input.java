package dev.assay.protocol.capture;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** A buffered stream that knows its byte offset, so every error can name where it happened. */
final class Input {
    private static final int BUFFER = 1 << 16;

    final String name;
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private long offset;

    Input(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    long offset() {
        return offset;
    }

    /** Reads {@code len} bytes, fewer only at the end of the stream; returns how many. */
    int read(byte[] dst, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            if (pos == lim && !fill()) break;
            int k = Math.min(len - n, lim - pos);
            System.arraycopy(buf, pos, dst, off + n, k);
            pos += k;
            n += k;
        }
        offset += n;
        return n;
    }

    /** Skips {@code len} bytes, fewer only at the end of the stream; returns how many. */
    long skip(long len) throws IOException {
        long n = 0;
        while (n < len) {
            if (pos == lim && !fill()) break;
            int k = (int) Math.min(len - n, lim - pos);
            pos += k;
            n += k;
        }
        offset += n;
        return n;
    }

    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(r, 0);
        return r > 0;
    }

    InvalidInputException invalid(long at, String problem) {
        return new InvalidInputException(name + ": " + problem + " at byte offset " + at);
    }
}
