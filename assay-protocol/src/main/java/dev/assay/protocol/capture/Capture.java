package dev.assay.protocol.capture;

import dev.assay.core.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pcap or pcapng capture read as a stream of {@link Packet}s, one record at a time: nothing
 * but the current record (at most {@link #MAX_RECORD} bytes of packet, or a pcapng block of at
 * most 16 MiB) and the fragments waiting for reassembly is held in memory. The format comes from
 * the file's first four bytes. A file that is not a capture, or whose structure is broken (a
 * record longer than any capture allows, a pcapng block whose two lengths differ, a packet of an
 * interface never described), throws {@link InvalidInputException} naming the file and the byte
 * offset of the bad record; so does a capture none of whose records can be decoded for its link
 * type (a pcap file of a link type the reader does not decode, at its header; a pcapng file whose
 * every packet is on such an interface, or that describes only such interfaces, at its end, naming
 * the offset of the first such link type). A file that ends inside a record is read up to it,
 * counted as {@link SkipReason#CUT_SHORT} and its offset given in {@link CaptureStats#cut()}.
 * Frames that do not give an IP packet are counted by reason.
 * Times are microseconds since the epoch, from each pcapng interface's {@code if_tsresol} and
 * {@code if_tsoffset}; a pcapng simple packet block has no time and takes the time of the packet
 * before it (0 at the start). Not thread safe.
 */
public final class Capture implements Closeable {
    /** The largest packet record accepted (libpcap's maximum snapshot length). */
    public static final int MAX_RECORD = PcapReader.MAX_RECORD;

    private final InputStream stream;
    private final Input in;
    private final FrameReader reader;
    private final Frame frame = new Frame();
    private final Decoder decoder = new Decoder();
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final Map<Integer, Long> unknownLinkTypes = new TreeMap<>();
    private long records;
    private long bytes;
    private long packets;
    private long fragments;
    private long reassembled;
    private boolean finished;

    private Capture(InputStream stream, String name) throws IOException {
        this.stream = stream;
        this.in = new Input(stream, name);
        byte[] magic = new byte[4];
        int n = in.read(magic, 0, 4);
        long m = Bytes.u32(magic, 0);
        if (n == 4 && (m == 0xa1b2c3d4L || m == 0xd4c3b2a1L || m == 0xa1b23c4dL || m == 0x4d3cb2a1L)) {
            reader = new PcapReader(in, magic);
        } else if (n == 4 && m == PcapngReader.SECTION_HEADER) {
            reader = new PcapngReader(in);
        } else if (n < 4) {
            throw in.invalid(n, n == 0 ? "empty file, not a pcap or pcapng capture" : "file too short for a pcap or pcapng capture");
        } else {
            throw in.invalid(0, String.format("not a pcap or pcapng capture (magic 0x%08x)", m));
        }
    }

    /** Opens a capture file; a missing file or a directory is an {@link InvalidInputException} too. */
    public static Capture open(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + ": a directory, not a capture file");
        InputStream s;
        try {
            s = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such capture file", e);
        }
        try {
            return new Capture(s, file.toString());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Reads a capture from a stream (closed with this capture); {@code name} is what errors call it. */
    public static Capture of(InputStream stream, String name) throws IOException {
        return new Capture(stream, name);
    }

    /** The next IP packet, or null at the end of the capture. */
    public Packet next() throws IOException {
        if (finished) return null;
        while (reader.next(frame)) {
            records++;
            bytes += frame.length;
            Packet p = decoder.decode(frame);
            if (decoder.fragment) fragments++;
            if (decoder.reassembled) reassembled++;
            if (p != null) {
                packets++;
                return p;
            }
            SkipReason why = decoder.skipped;
            if (why != null) {
                skipped.merge(why, 1L, Long::sum);
                if (why == SkipReason.UNKNOWN_LINK_TYPE) unknownLinkTypes.merge(frame.linkType, 1L, Long::sum);
            }
        }
        finished = true;
        decoder.finish();
        if (reader.cut() != null) skipped.merge(SkipReason.CUT_SHORT, 1L, Long::sum);
        FrameReader.LinkType bad = reader.firstUnsupported();
        long unsupported = skipped.getOrDefault(SkipReason.UNKNOWN_LINK_TYPE, 0L);
        if (bad != null && records == unsupported && (unsupported > 0 || !reader.declaresSupported())) {
            throw in.invalid(bad.offset(), "unsupported link type " + bad.value() + " of interface " + bad.iface()
                    + ", and no packet on a supported one (" + Decoder.linkTypes() + ")");
        }
        return null;
    }

    /** What was read so far (all of it once {@link #next} returned null). */
    public CaptureStats stats() {
        Map<SkipReason, Long> all = new EnumMap<>(skipped);
        long dropped = decoder.reassembler().dropped();
        if (dropped > 0) all.merge(SkipReason.INCOMPLETE_FRAGMENT, dropped, Long::sum);
        return new CaptureStats(in.name, reader.format(), records, bytes, packets, fragments, reassembled, all, unknownLinkTypes, reader.cut());
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
