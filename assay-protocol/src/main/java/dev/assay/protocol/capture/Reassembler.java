package dev.assay.protocol.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IP fragments put back together, IPv4 and IPv6 alike. A datagram is held until its last
 * fragment and every 8-byte block before it arrived, in any order (a later copy of a block
 * overwrites an earlier one). Memory is bounded: at most {@link #MAX_PENDING} datagrams wait,
 * none longer than {@link #TIMEOUT_MICROS} of capture time, none above {@link #MAX_DATAGRAM}
 * bytes; the fragments of a datagram given up are counted as dropped.
 */
final class Reassembler {
    static final int MAX_PENDING = 1024;
    static final long TIMEOUT_MICROS = 30_000_000L;
    static final int MAX_DATAGRAM = 65_535;

    /** A completed datagram: its transport bytes and what its first fragment said. */
    record Datagram(byte[] payload, int headerLength, int nextHeader) {}

    private static final class Pending {
        final long firstSeen;
        byte[] data = new byte[2048];
        final BitSet blocks = new BitSet();
        int total = -1;
        int fragments;
        int headerLength = -1;
        int nextHeader = -1;

        Pending(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final Map<ByteBuffer, Pending> pending = new LinkedHashMap<>();
    private long dropped;

    /** Fragments given up so far (timed out, too large, evicted, or left at the end). */
    long dropped() {
        return dropped;
    }

    /**
     * Adds one fragment: {@code offset} bytes into the datagram's fragmentable part, {@code more}
     * when fragments follow, the bytes {@code from..to} of {@code buf}; {@code headerLength} and
     * {@code nextHeader} count only for the fragment at offset 0. Returns the datagram it
     * completed, or null.
     */
    Datagram add(ByteBuffer key, long now, int offset, boolean more, byte[] buf, int from, int to,
                 int headerLength, int nextHeader) {
        expire(now);
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() >= MAX_PENDING) evictOldest();
            p = new Pending(now);
            pending.put(key, p);
        }
        p.fragments++;
        int len = to - from;
        int end = offset + len;
        if (end > MAX_DATAGRAM || (p.total >= 0 && end > p.total) || (!more && p.blocks.length() * 8 > end + 7)) {
            drop(key, p);
            return null;
        }
        if (!more) p.total = end;
        if (offset == 0) {
            p.headerLength = headerLength;
            p.nextHeader = nextHeader;
        }
        if (p.data.length < end) p.data = Arrays.copyOf(p.data, Math.max(end, Math.min(MAX_DATAGRAM, p.data.length * 2)));
        System.arraycopy(buf, from, p.data, offset, len);
        p.blocks.set(offset / 8, (end + 7) / 8);
        if (p.total < 0 || p.headerLength < 0 || p.blocks.nextClearBit(0) < (p.total + 7) / 8) return null;
        pending.remove(key);
        return new Datagram(Arrays.copyOf(p.data, p.total), p.headerLength, p.nextHeader);
    }

    /** Gives up every datagram still waiting (the end of the capture). */
    void finish() {
        for (Pending p : pending.values()) dropped += p.fragments;
        pending.clear();
    }

    private void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.firstSeen <= TIMEOUT_MICROS) break;
            dropped += p.fragments;
            it.remove();
        }
    }

    private void evictOldest() {
        Iterator<Pending> it = pending.values().iterator();
        dropped += it.next().fragments;
        it.remove();
    }

    private void drop(ByteBuffer key, Pending p) {
        dropped += p.fragments;
        pending.remove(key);
    }
}
