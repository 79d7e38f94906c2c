package dev.assay.protocol.capture;

import java.util.Map;
import java.util.Objects;

/**
 * What reading one capture gave: its format ({@code pcap} or {@code pcapng}), the records read
 * and their captured bytes, the IP packets delivered (a reassembled datagram counts once), how
 * many records were IP fragments and how many datagrams they completed, the records that gave no
 * packet by reason, and the unknown link types met with their record counts.
 */
public record CaptureStats(String file, String format, long records, long bytes, long packets, long fragments,
                           long reassembled, Map<SkipReason, Long> skipped, Map<Integer, Long> unknownLinkTypes) {
    public CaptureStats {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        skipped = Map.copyOf(skipped);
        unknownLinkTypes = Map.copyOf(unknownLinkTypes);
    }

    /** Records skipped for {@code reason}. */
    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }
}
