package dev.assay.protocol.capture;

import java.util.Map;
import java.util.Objects;

/**
 * What reading one capture gave: its format ({@code pcap} or {@code pcapng}), the records read
 * and their captured bytes, the IP packets delivered (a reassembled datagram counts once), how
 * many records were IP fragments and how many datagrams they completed, the records that gave no
 * packet by reason, the unknown link types met with their record counts, and, when the file ends
 * inside a record, where ({@code cut}, null when it does not).
 */
public record CaptureStats(String file, String format, long records, long bytes, long packets, long fragments,
                           long reassembled, Map<SkipReason, Long> skipped, Map<Integer, Long> unknownLinkTypes, Cut cut) {
    public CaptureStats {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        skipped = Map.copyOf(skipped);
        unknownLinkTypes = Map.copyOf(unknownLinkTypes);
    }

    /**
     * Where a capture cut short stops being readable: the byte offset of the record (or block) the file ends
     * inside, what that record claims and how many bytes of it remain ({@code detail}, e.g. {@code "a record claims
     * 82 bytes with its header, 63 remain"}). Everything before {@code offset} was read.
     */
    public record Cut(long offset, String detail) {
        public Cut {
            if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, but was " + offset);
            Objects.requireNonNull(detail, "detail");
        }

        /** {@code cut short at byte N (detail)}. */
        @Override
        public String toString() {
            return "cut short at byte " + offset + " (" + detail + ")";
        }
    }

    /** Records skipped for {@code reason}. */
    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }
}
