package dev.assay.protocol.flow;

import dev.assay.protocol.capture.Packet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One flow being built: its ends ({@code a} the initiator), its packet count, and the segments
 * collected so far. TCP payload is put in sequence order per direction: retransmitted bytes are
 * dropped, a segment ahead of a gap is held (at most {@link #MAX_HELD} per direction, and no more
 * bytes than the direction may still collect) and the gap is given up when too many are held,
 * when the flow's first packets are all seen, or when the flow ends, so the sample carries what
 * arrived. A flow holds at most twice its byte limit per direction.
 */
final class Flow {
    static final int MAX_HELD = 16;

    /** One direction's collection state. */
    private static final class Side {
        final Direction direction;
        int collected;
        boolean started;
        int next;
        int heldBytes;
        final List<Held> held = new ArrayList<>(0);

        Side(Direction direction) {
            this.direction = direction;
        }
    }

    private record Held(int seq, long timestamp, int wire, byte[] data, int length) {}

    final FlowKey key;
    final long order;
    final int protocol;
    final int vlan;
    private final byte[] aAddress;
    private final int aPort;
    private final byte[] bAddress;
    private final int bPort;
    private final FlowLimits limits;
    private final List<Segment> segments = new ArrayList<>();
    private final Side ab = new Side(Direction.A_TO_B);
    private final Side ba = new Side(Direction.B_TO_A);
    long lastSeen;
    long packets;
    private boolean finA;
    private boolean finB;
    private boolean reset;

    Flow(FlowKey key, long order, Packet first, FlowLimits limits) {
        this.key = key;
        this.order = order;
        this.limits = limits;
        this.protocol = first.ipProtocol();
        this.vlan = first.vlan();
        boolean reversed = first.ipProtocol() == Packet.TCP && first.has(Packet.SYN | Packet.ACK);
        aAddress = reversed ? first.destination() : first.source();
        aPort = reversed ? first.destinationPort() : first.sourcePort();
        bAddress = reversed ? first.source() : first.destination();
        bPort = reversed ? first.sourcePort() : first.destinationPort();
        lastSeen = first.timestampMicros();
    }

    /** Whether the TCP flow was closed (a reset, or a FIN each way). */
    boolean closed() {
        return reset || (finA && finB);
    }

    void add(Packet p) {
        packets++;
        lastSeen = Math.max(lastSeen, p.timestampMicros());
        Side side = p.sourcePort() == aPort && Arrays.equals(p.source(), aAddress) ? ab : ba;
        if (p.ipProtocol() == Packet.TCP) {
            if (p.has(Packet.RST)) reset = true;
            if (p.has(Packet.FIN)) {
                if (side == ab) finA = true;
                else finB = true;
            }
        }
        if (packets > limits.packets()) {
            if (packets == limits.packets() + 1L) {
                flush(ab);
                flush(ba);
            }
            return;
        }
        if (p.ipProtocol() == Packet.TCP) {
            tcp(side, p);
        } else if (p.payload().length > 0) {
            deliver(side, p.timestampMicros(), p.wireLength(), p.payload(), 0, p.payload().length);
        }
    }

    private void tcp(Side s, Packet p) {
        int seq = (int) p.tcpSequence();
        if (p.has(Packet.SYN)) {
            seq++;
            if (!s.started) {
                s.started = true;
                s.next = seq;
            }
        }
        byte[] data = p.payload();
        int len = data.length;
        if (len == 0) return;
        if (!s.started) {
            s.started = true;
            s.next = seq;
        }
        int rel = seq - s.next;
        if (rel <= 0) {
            int overlap = -rel;
            if (overlap >= len) return;
            deliver(s, p.timestampMicros(), p.wireLength(), data, overlap, len - overlap);
            s.next = seq + len;
            drain(s);
            return;
        }
        int room = limits.bytesPerDirection() - s.collected - s.heldBytes;
        if (room <= 0) return;
        hold(s, new Held(seq, p.timestampMicros(), p.wireLength(), Arrays.copyOf(data, Math.min(len, room)), len));
        if (s.held.size() > MAX_HELD) {
            s.next = s.held.get(0).seq();
            drain(s);
        }
    }

    private void hold(Side s, Held h) {
        int i = 0;
        while (i < s.held.size()) {
            Held o = s.held.get(i);
            int c = (o.seq() - s.next) - (h.seq() - s.next);
            if (c == 0) {
                if (o.length() >= h.length()) return;
                s.held.set(i, h);
                s.heldBytes += h.data().length - o.data().length;
                return;
            }
            if (c > 0) break;
            i++;
        }
        s.held.add(i, h);
        s.heldBytes += h.data().length;
    }

    private void drain(Side s) {
        while (!s.held.isEmpty()) {
            Held h = s.held.get(0);
            int rel = h.seq() - s.next;
            if (rel > 0) return;
            s.held.remove(0);
            s.heldBytes -= h.data().length;
            int overlap = -rel;
            if (overlap >= h.length()) continue;
            if (overlap < h.data().length) deliver(s, h.timestamp(), h.wire(), h.data(), overlap, h.data().length - overlap);
            s.next = h.seq() + h.length();
        }
    }

    /** Gives up every gap of one direction: what is held goes out in sequence order. */
    private void flush(Side s) {
        while (!s.held.isEmpty()) {
            s.next = s.held.get(0).seq();
            drain(s);
        }
    }

    private void deliver(Side s, long timestamp, int wire, byte[] data, int from, int len) {
        int n = Math.min(len, limits.bytesPerDirection() - s.collected);
        if (n <= 0) return;
        segments.add(new Segment(s.direction, timestamp, Math.max(wire, n), Arrays.copyOfRange(data, from, from + n)));
        s.collected += n;
    }

    FlowSample sample() {
        flush(ab);
        flush(ba);
        return new FlowSample(Transport.ofIpProtocol(protocol),
                new Endpoint(address(aAddress), aPort), new Endpoint(address(bAddress), bPort), vlan, segments, packets);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
