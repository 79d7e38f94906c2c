package dev.assay.protocol.flow;

import dev.assay.protocol.capture.Capture;
import dev.assay.protocol.capture.CaptureStats;
import dev.assay.protocol.capture.Packet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Captures read into bidirectional flows, each given to a consumer as a {@link FlowSample} once
 * it is finished: a TCP flow shortly after a reset or a FIN each way ({@link #CLOSED_LINGER_MICROS}
 * later, so the last ACKs still count; a new SYN on its ports starts a new flow at once), any
 * flow idle longer than its transport's limit, the longest idle flow when the table is full, and
 * every flow still open at the end of the capture (in the order they started). Flows are keyed by
 * VLAN, IP protocol and both (address, port) ends; end {@code a} is the one that sent the first
 * packet, or the SYN when the first packet seen is the SYN-ACK. Each file is its own capture:
 * flows do not carry over from one file to the next; when a file turns out broken
 * ({@link dev.assay.core.InvalidInputException}), the flows given out before the error stay given
 * and the others of that file are dropped. Memory is bounded by the limits: at most
 * {@code maxFlows} flows of at most four times {@code bytesPerDirection} payload bytes each.
 * Not thread safe; one table per thread.
 *
 * <pre>{@code
 * FlowTable table = FlowTable.create(FlowLimits.defaults(), sample -> classify(sample));
 * CaptureSummary summary = table.read(Path.of("trace.pcapng"));
 * }</pre>
 */
public final class FlowTable {
    /** How long a closed TCP flow waits for its last packets before it is given out. */
    static final long CLOSED_LINGER_MICROS = 10_000_000L;

    private final FlowLimits limits;
    private final Consumer<FlowSample> sink;
    private final LinkedHashMap<FlowKey, Flow> tcp = new LinkedHashMap<>(1024, 0.75f, true);
    private final LinkedHashMap<FlowKey, Flow> closed = new LinkedHashMap<>(1024, 0.75f, true);
    private final LinkedHashMap<FlowKey, Flow> other = new LinkedHashMap<>(1024, 0.75f, true);
    private final long tcpIdle;
    private final long udpIdle;
    private long now = Long.MIN_VALUE;
    private long order;
    private long flows;
    private long closedCount;
    private long expired;
    private long evicted;

    private FlowTable(FlowLimits limits, Consumer<FlowSample> sink) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.tcpIdle = micros(limits.tcpIdle());
        this.udpIdle = micros(limits.udpIdle());
    }

    /** A duration in microseconds; one too long to count in them is as good as forever. */
    private static long micros(Duration d) {
        return d.getSeconds() >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE : d.getSeconds() * 1_000_000 + d.getNano() / 1000;
    }

    public static FlowTable create(FlowLimits limits, Consumer<FlowSample> sink) {
        return new FlowTable(limits, sink);
    }

    /** Reads one capture file into flows; every flow of it has reached the consumer when this returns. */
    public CaptureSummary read(Path file) throws IOException {
        try (Capture capture = Capture.open(file)) {
            return read(capture);
        }
    }

    /** Reads one capture from a stream ({@code name} is what errors call it), closing it. */
    public CaptureSummary read(InputStream stream, String name) throws IOException {
        try (Capture capture = Capture.of(stream, name)) {
            return read(capture);
        }
    }

    /** Reads several capture files, one after the other, each its own capture. */
    public List<CaptureSummary> read(List<Path> files) throws IOException {
        List<CaptureSummary> out = new ArrayList<>(files.size());
        for (Path f : files) out.add(read(f));
        return out;
    }

    private CaptureSummary read(Capture capture) throws IOException {
        reset();
        for (Packet p = capture.next(); p != null; p = capture.next()) offer(p);
        finish();
        CaptureStats stats = capture.stats();
        return new CaptureSummary(stats, flows, closedCount, expired, evicted);
    }

    private void reset() {
        tcp.clear();
        closed.clear();
        other.clear();
        now = Long.MIN_VALUE;
        order = 0;
        flows = 0;
        closedCount = 0;
        expired = 0;
        evicted = 0;
    }

    /** One packet into the table (finishing whatever its time makes idle first). */
    void offer(Packet p) {
        now = Math.max(now, p.timestampMicros());
        expire();
        FlowKey key = FlowKey.of(p);
        boolean isTcp = p.ipProtocol() == Packet.TCP;
        Flow flow = isTcp ? tcp.get(key) : other.get(key);
        if (flow == null && isTcp) {
            flow = closed.get(key);
            if (flow != null && p.has(Packet.SYN) && !p.has(Packet.ACK)) {
                closed.remove(key);
                closedCount++;
                emit(flow);
                flow = null;
            }
        }
        if (flow == null) {
            if (tcp.size() + closed.size() + other.size() >= limits.maxFlows()) evictOldest();
            flow = new Flow(key, order++, p, limits);
            (isTcp ? tcp : other).put(key, flow);
        }
        boolean wasClosed = isTcp && flow.closed();
        flow.add(p);
        // seen at the table's clock, not the packet's stamp: a capture whose time steps back (files merged, interfaces
        // with skewed clocks) must not make a flow look idle the moment it starts
        flow.lastSeen = now;
        if (isTcp && !wasClosed && flow.closed()) {
            tcp.remove(key);
            closed.put(key, flow);
        }
    }

    /** The end of a capture: every flow still open goes out, in the order the flows started. */
    void finish() {
        List<Flow> rest = new ArrayList<>(tcp.size() + closed.size() + other.size());
        rest.addAll(tcp.values());
        rest.addAll(other.values());
        for (Flow f : closed.values()) {
            closedCount++;
            rest.add(f);
        }
        tcp.clear();
        closed.clear();
        other.clear();
        rest.sort(Comparator.comparingLong(f -> f.order));
        for (Flow f : rest) emit(f);
    }

    private void expire() {
        expired += expire(tcp, tcpIdle);
        expired += expire(other, udpIdle);
        closedCount += expire(closed, CLOSED_LINGER_MICROS);
    }

    private int expire(LinkedHashMap<FlowKey, Flow> map, long idle) {
        int n = 0;
        Iterator<Flow> it = map.values().iterator();
        while (it.hasNext()) {
            Flow f = it.next();
            if (idle == Long.MAX_VALUE || now - f.lastSeen <= idle) break;
            it.remove();
            emit(f);
            n++;
        }
        return n;
    }

    private void evictOldest() {
        LinkedHashMap<FlowKey, Flow> from = null;
        long oldest = Long.MAX_VALUE;
        for (LinkedHashMap<FlowKey, Flow> m : List.of(closed, tcp, other)) {
            if (m.isEmpty()) continue;
            Flow head = m.values().iterator().next();
            if (head.lastSeen < oldest) {
                oldest = head.lastSeen;
                from = m;
            }
        }
        if (from == null) return;
        Iterator<Flow> it = from.values().iterator();
        Flow f = it.next();
        it.remove();
        if (from == closed) closedCount++;
        else evicted++;
        emit(f);
    }

    private void emit(Flow f) {
        flows++;
        sink.accept(f.sample());
    }
}
