package dev.assay.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Small inputs that tests of several modules build the same way. */
public final class TestFiles {
    private TestFiles() {}

    /** {@code data} gzip-compressed. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A TREC run of 40 topics with ten documents each, scores 10 down to 1: a good topic ranks d0, d1, ..., d9,
     * a bad one d3, ..., d9, d0, d1, d2; with {@code onlyEvenTopicsGood} the odd topics are bad.
     */
    public static String trecRun(String id, boolean onlyEvenTopicsGood) {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 40; t++) {
            boolean good = !onlyEvenTopicsGood || t % 2 == 0;
            for (int rank = 0; rank < 10; rank++) {
                int d = good ? rank : (rank + 3) % 10;
                s.append(t).append(" Q0 d").append(d).append(' ').append(rank + 1).append(' ').append(10 - rank).append(' ').append(id).append('\n');
            }
        }
        return s.toString();
    }
}
