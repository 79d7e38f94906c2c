package dev.assay.fingerprint.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A probe's seeded rank: the first 8 bytes of SHA-256("assay.probe.rank.v1" 0 seed 0 id), unsigned. The order of
 * probes by rank is a seeded random order that depends on nothing but the seed and the ids (not on the input order,
 * nor on which other probes are present), and it breaks every tie in the strategies.
 */
final class Ranks {
    private Ranks() {}

    static long of(long seed, String id) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("assay.probe.rank.v1\u0000" + seed + "\u0000").getBytes(StandardCharsets.UTF_8));
            md.update(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether rank {@code a} comes before rank {@code b}. */
    static boolean before(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }
}
