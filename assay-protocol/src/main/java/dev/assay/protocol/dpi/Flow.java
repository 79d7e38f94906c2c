package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * A flow as the validators read it: each direction's payload both as one stream (what TCP
 * protocols parse) and as its separate segments (datagrams, for UDP protocols), every window
 * carrying its offset in the direction's stream.
 */
final class Flow {
    /** How many bytes of each direction the validators look at. */
    static final int STREAM_LIMIT = 64 * 1024;

    final FlowSample sample;
    private final Bytes streamA;
    private final Bytes streamB;
    private final List<Bytes> packetsA = new ArrayList<>();
    private final List<Bytes> packetsB = new ArrayList<>();

    Flow(FlowSample sample) {
        this.sample = sample;
        streamA = stream(sample, Direction.A_TO_B);
        streamB = stream(sample, Direction.B_TO_A);
        // the packets are the stream cut at segment boundaries, so that a packet's bytes are always
        // stream bytes at the same offsets (FlowSample.stream skips empty payloads and stops at the limit)
        int offA = 0;
        int offB = 0;
        for (Segment s : sample.segments()) {
            boolean a = s.direction() == Direction.A_TO_B;
            if (s.payload().length == 0) continue; // an empty datagram is no message
            Bytes stream = a ? streamA : streamB;
            int off = a ? offA : offB;
            int n = Math.min(s.payload().length, stream.length() - off);
            if (n <= 0) {
                if (a) offA = Integer.MAX_VALUE / 2;
                else offB = Integer.MAX_VALUE / 2;
                continue;
            }
            (a ? packetsA : packetsB).add(stream.slice(off, n));
            if (a) offA += n;
            else offB += n;
        }
    }

    /**
     * One direction's stream: {@link FlowSample#stream} up to {@link #STREAM_LIMIT}, or, when the direction has a single
     * payload, that payload itself (the validators only read).
     */
    private static Bytes stream(FlowSample sample, Direction d) {
        byte[] only = null;
        for (Segment s : sample.segments()) {
            if (s.direction() != d || s.payload().length == 0) continue;
            if (only != null) return new Bytes(d, sample.stream(d, STREAM_LIMIT), 0);
            only = s.payload();
        }
        if (only == null) return new Bytes(d, new byte[0], 0);
        Bytes all = new Bytes(d, only, 0);
        return only.length <= STREAM_LIMIT ? all : all.slice(0, STREAM_LIMIT);
    }

    boolean tcp() {
        return sample.l4() == Transport.TCP;
    }

    boolean udp() {
        return sample.l4() == Transport.UDP;
    }

    /** The stream the flow's opener sent ({@code a} to {@code b}). */
    Bytes a() {
        return streamA;
    }

    /** The stream the other end sent back. */
    Bytes b() {
        return streamB;
    }

    Bytes stream(Direction d) {
        return d == Direction.A_TO_B ? streamA : streamB;
    }

    List<Bytes> packets(Direction d) {
        return d == Direction.A_TO_B ? packetsA : packetsB;
    }

    /** All payload segments, both directions, direction A first. */
    List<Bytes> packets() {
        List<Bytes> all = new ArrayList<>(packetsA);
        all.addAll(packetsB);
        return all;
    }

    Bytes firstPacket(Direction d) {
        List<Bytes> p = packets(d);
        return p.isEmpty() ? null : p.get(0);
    }

    int portA() {
        return sample.a().port();
    }

    int portB() {
        return sample.b().port();
    }

    /** Whether either end uses {@code port}. */
    boolean port(int port) {
        return portA() == port || portB() == port;
    }

    /** Whether either end uses one of {@code ports}. */
    boolean anyPort(int... ports) {
        for (int p : ports) if (port(p)) return true;
        return false;
    }

    boolean empty() {
        return packetsA.isEmpty() && packetsB.isEmpty();
    }
}
