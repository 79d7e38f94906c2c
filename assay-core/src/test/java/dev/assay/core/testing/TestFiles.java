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

    /** Graded qrels for the runs here: 40 topics of ten documents, d0, d1 and d2 relevant in each. */
    public static String trecQrels() {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 40; t++) for (int d = 0; d < 10; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d < 3 ? 1 : 0).append('\n');
        return q.toString();
    }

    /**
     * A TREC run of the 40 topics that ranks d0..d2 on top in about {@code goodShare} of them (drawn with
     * {@code seed}) and at the bottom in the rest.
     */
    public static String trecRun(String id, double goodShare, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 40; t++) {
            boolean good = r.nextDouble() < goodShare;
            for (int d = 0; d < 10; d++) {
                double score = good == (d < 3) ? 10 - d : d;
                s.append(t).append(" Q0 d").append(d).append(" 0 ").append(score).append(' ').append(id).append('\n');
            }
        }
        return s.toString();
    }
}
