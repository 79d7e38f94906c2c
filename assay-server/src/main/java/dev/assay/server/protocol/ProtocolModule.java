package dev.assay.server.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.discover.FormatDiscovery;
import dev.assay.protocol.flow.CaptureSummary;
import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.flow.Transport;
import dev.assay.protocol.sla.DiscoveryRequest;
import dev.assay.protocol.sla.DiscoveryResult;
import dev.assay.protocol.sla.Discovery;
import dev.assay.protocol.sla.DiscoveryStats;
import dev.assay.protocol.sla.QualityMode;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Protocol discovery over HTTP (viewer: it changes nothing). {@code POST /api/v1/protocol/classify} names the protocol
 * of one payload (the design's {@code DiscoveryRequest}: a one-packet flow); {@code POST
 * /api/v1/protocol/classify/capture} reads a pcap or pcapng body into flows and names each; {@code GET
 * /api/v1/protocol/stats} is the protocol mix and SLA compliance since the service started, which the dashboard's
 * {@code protocol} page shows. Every answer says the mode, the tiers run and skipped, the fallback, the deadline and
 * whether it was met. A request without a deadline gets its mode's default (FAST 50 ms, BALANCED 200 ms, ACCURATE
 * 1 s); a deadline of 0 or below, or over 60 s, is a 400.
 */
public final class ProtocolModule implements ApiModule {
    /** The route that classifies one payload. */
    public static final String CLASSIFY = "/api/v1/protocol/classify";
    static final String CAPTURE = "/api/v1/protocol/classify/capture";
    static final String STATS = "/api/v1/protocol/stats";
    static final String UNKNOWN = "/api/v1/protocol/unknown";
    /** Recent flows that no tier named, kept for format inference (a flow sample is at most a few KiB). */
    static final int UNKNOWN_KEPT = 1000;
    /** Groups of unknown flows shown at most. */
    static final int UNKNOWN_GROUPS = 20;

    private final java.util.ArrayDeque<FlowSample> unknown = new java.util.ArrayDeque<>();
    /** Unknown flows kept so far, and the answer of the last look at them: the page polls, inference runs only on news. */
    private long unknownSeen;
    private long answeredAt = -1;
    private com.fasterxml.jackson.databind.node.ObjectNode answered;
    /** Largest payload {@code classify} takes, decoded. */
    public static final int MAX_PAYLOAD = 65_535;
    /** Most flows one capture upload answers with (the rest are counted, not listed). */
    public static final int MAX_FLOWS = 10_000;

    private final Discovery service;

    /** Body of {@code POST /api/v1/protocol/classify}. */
    record PayloadRequest(String payload, String encoding, String transport, Integer clientPort, Integer serverPort, String mode,
                          Long deadlineMs) {}

    /** One classified flow as the API answers it. */
    record FlowView(String l4, String a, String b, String label, String source, double confidence, String runnerUp, List<String> evidence,
                    long packets, int packetsUsed, String mode, List<String> tiersRun, List<String> tiersSkipped, String fallback,
                    boolean cached, double elapsedMs, long deadlineMs, boolean slaMet, String version,
                    com.fasterxml.jackson.databind.JsonNode format) {
        static FlowView of(FlowSample f, DiscoveryResult r) {
            Classification c = r.classification();
            return new FlowView(f.l4().name(), f.a().toString(), f.b().toString(), c.label(), c.source().name(), c.confidence(), c.runnerUp(),
                    c.evidence(), f.packets(), r.packetsUsed(), r.mode().id(), r.tiersRun(), r.tiersSkipped(), r.fallback().name(), r.cached(),
                    r.elapsed().toNanos() / 1e6, r.deadline().toMillis(), r.slaMet(), r.version(),
                    r.format().<com.fasterxml.jackson.databind.JsonNode>map(d -> d.toJson()).orElse(null));
        }
    }

    /** The answer to a capture upload. */
    record CaptureView(String mode, long flows, boolean truncated, long slaMet, long records, long packets, List<String> skipped,
                       List<FlowView> results) {}

    public ProtocolModule(Discovery service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public String name() {
        return "protocol";
    }

    @Override
    public List<DashboardView> views() {
        return List.of(new DashboardView("protocol", "Protocols", "views/protocol.js", 50));
    }

    @Override
    public void register(Routes routes) {
        routes.post(CLASSIFY, Access.atLeast(Role.VIEWER),
                "Name the protocol of one payload: {\"payload\": base64 (or hex with \"encoding\": \"hex\"), \"transport\": \"TCP\" | "
                        + "\"UDP\", \"clientPort\", \"serverPort\" (optional), \"mode\": \"fast\" | \"balanced\" | \"accurate\" (default "
                        + "fast), \"deadlineMs\" (default the mode's: 50, 200, 1000)}; answers the label as nDPI spells it, the evidence "
                        + "source (DPI, LEARNED, PORT, UNKNOWN), confidence, runner-up, evidence, tiers run and skipped, the fallback and "
                        + "whether the deadline was met; in accurate mode a flow no tier named carries \"format\", its message format "
                        + "inferred from its own messages (null below " + FormatDiscovery.DEFAULT_MIN_MESSAGES + " messages)",
                this::classify);
        routes.post(CAPTURE, Access.atLeast(Role.VIEWER),
                "Read the body (a pcap or pcapng capture, up to the body limit; 413 beyond it) into bidirectional flows and name each "
                        + "flow's protocol, in ?mode=fast|balanced|accurate with ?deadlineMs per flow; at most " + MAX_FLOWS + " flows "
                        + "are listed, each as the payload route answers (with \"format\" in accurate mode); a capture that cannot be read "
                        + "is a 400 naming the byte offset",
                this::capture);
        routes.get(STATS, Access.atLeast(Role.VIEWER),
                "The protocol mix (flows per label and per evidence source) and, per mode, requests, SLA compliance, fallbacks and "
                        + "latency percentiles in microseconds, since the service started",
                ctx -> ctx.json(new StatsView(service.version(), service.stats().snapshot())));
        routes.get(UNKNOWN, Access.atLeast(Role.VIEWER),
                "The recent " + UNKNOWN_KEPT + " flows that no classifier named, grouped as one protocol each (by transport and server "
                        + "port, then by alike leading bytes), largest first, at most " + UNKNOWN_GROUPS + " groups; for a group with at least "
                        + FormatDiscovery.DEFAULT_MIN_MESSAGES + " messages its inferred message format (framing, message types, fields with "
                        + "offsets, widths, kinds and byte order)",
                this::unknown);
    }

    /** The stats answer: the classifier's version and the counts. */
    record StatsView(String version, DiscoveryStats.Snapshot stats) {}

    private void classify(Context ctx) {
        PayloadRequest r = Requests.body(ctx, PayloadRequest.class);
        if (r.payload() == null) throw new InvalidInputException("payload is required: the bytes to classify, base64-encoded");
        byte[] payload = decode(r.payload(), r.encoding());
        if (payload.length == 0) throw new InvalidInputException("payload is empty: there is nothing to classify");
        if (payload.length > MAX_PAYLOAD)
            throw new InvalidInputException("payload is " + payload.length + " bytes; at most " + MAX_PAYLOAD + " are accepted");
        if (r.transport() == null) throw new InvalidInputException("transport is required: TCP or UDP");
        Transport l4 = switch (r.transport().strip().toUpperCase(Locale.ROOT)) {
            case "TCP" -> Transport.TCP;
            case "UDP" -> Transport.UDP;
            default -> throw new InvalidInputException("transport must be TCP or UDP, but was '" + r.transport() + "'");
        };
        int client = port(r.clientPort(), "clientPort");
        int server = port(r.serverPort(), "serverPort");
        QualityMode mode = mode(r.mode(), "mode");
        Duration deadline = deadline(r.deadlineMs(), mode, "deadlineMs");
        FlowSample flow = FlowSample.ofPayload(l4, new Endpoint(ANY, client), new Endpoint(ANY, server), payload);
        DiscoveryResult result = service.discover(new DiscoveryRequest(flow, mode, deadline));
        keepIfUnknown(flow, result);
        ctx.json(FlowView.of(flow, result));
    }

    private void capture(Context ctx) {
        String rawMode = ctx.queryParam("mode");
        QualityMode mode = mode(rawMode, "query parameter 'mode'");
        String rawDeadline = ctx.queryParam("deadlineMs");
        Long deadlineMs = null;
        if (rawDeadline != null) {
            try {
                deadlineMs = Long.parseLong(rawDeadline.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("query parameter 'deadlineMs' must be an integer number of milliseconds, but was '" + rawDeadline + "'");
            }
        }
        Duration deadline = deadline(deadlineMs, mode, "query parameter 'deadlineMs'");
        byte[] body = Requests.decodedBody(ctx);
        if (body.length == 0) throw new InvalidInputException("the request body is empty; send a pcap or pcapng capture");
        List<FlowView> flows = new ArrayList<>();
        long[] counts = new long[2];
        FlowLimits limits = mode == QualityMode.ACCURATE ? ACCURATE_LIMITS : FlowLimits.defaults();
        CaptureSummary summary;
        try {
            summary = FlowTable.create(limits, f -> {
                DiscoveryResult r = service.discover(new DiscoveryRequest(f, mode, deadline));
                keepIfUnknown(f, r);
                counts[0]++;
                if (r.slaMet()) counts[1]++;
                if (flows.size() < MAX_FLOWS) flows.add(FlowView.of(f, r));
            }).read(new ByteArrayInputStream(body), "upload");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
        List<String> skipped = summary.capture().skipped().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList();
        ctx.json(new CaptureView(mode.id(), counts[0], counts[0] > flows.size(), counts[1], summary.capture().records(),
                summary.capture().packets(), skipped, flows));
    }

    private synchronized void keepIfUnknown(FlowSample flow, DiscoveryResult r) {
        if (!r.classification().label().equals(dev.assay.protocol.classify.Classification.UNKNOWN)) return;
        unknown.addLast(flow);
        unknownSeen++;
        if (unknown.size() > UNKNOWN_KEPT) unknown.removeFirst();
    }

    private void unknown(Context ctx) {
        List<FlowSample> flows;
        long seen;
        synchronized (this) {
            if (answeredAt == unknownSeen) {
                ctx.json(answered);
                return;
            }
            flows = List.copyOf(unknown);
            seen = unknownSeen;
        }
        var groups = new ArrayList<>(FormatDiscovery.groupUnknown(flows).entrySet());
        groups.sort(java.util.Map.Entry.<String, List<FlowSample>>comparingByValue(java.util.Comparator.comparingInt(List::size)).reversed()
                .thenComparing(java.util.Map.Entry.comparingByKey()));
        com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.put("flows", flows.size());
        out.put("groups", groups.size());
        var list = out.putArray("largest");
        for (var g : groups.subList(0, Math.min(UNKNOWN_GROUPS, groups.size()))) {
            var o = list.addObject().put("group", g.getKey()).put("flows", g.getValue().size());
            FormatDiscovery.describe(g.getKey(), g.getValue(), FormatDiscovery.DEFAULT_MIN_MESSAGES).ifPresentOrElse(d -> {
                o.set("format", d.toJson());
                o.put("text", d.toText());
            }, () -> o.putNull("format"));
        }
        synchronized (this) {
            if (seen > answeredAt) {
                answered = out;
                answeredAt = seen;
            }
        }
        ctx.json(out);
    }

    /** ACCURATE reads more of each flow. */
    static final FlowLimits ACCURATE_LIMITS = FlowLimits.accurate();

    private static final InetAddress ANY = InetAddress.getLoopbackAddress();

    private static byte[] decode(String text, String encoding) {
        String e = encoding == null ? "base64" : encoding.strip().toLowerCase(Locale.ROOT);
        try {
            return switch (e) {
                case "base64" -> Base64.getMimeDecoder().decode(text);
                case "hex" -> HexFormat.of().parseHex(text.replaceAll("\\s", ""));
                default -> throw new InvalidInputException("encoding must be base64 or hex, but was '" + encoding + "'");
            };
        } catch (IllegalArgumentException bad) {
            throw new InvalidInputException("payload is not valid " + e + ": " + bad.getMessage());
        }
    }

    private static int port(Integer p, String name) {
        if (p == null) return 0;
        if (p < 0 || p > 65_535) throw new InvalidInputException(name + " must be a port number in 0..65535, but was " + p);
        return p;
    }

    private static QualityMode mode(String raw, String name) {
        if (raw == null) return QualityMode.FAST;
        try {
            return QualityMode.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + ": " + e.getMessage());
        }
    }

    private static Duration deadline(Long ms, QualityMode mode, String name) {
        if (ms == null) return mode.defaultDeadline();
        if (ms <= 0) throw new InvalidInputException(name + " must be a positive number of milliseconds, but was " + ms);
        if (ms > DiscoveryRequest.MAX_DEADLINE.toMillis())
            throw new InvalidInputException(name + " must be at most " + DiscoveryRequest.MAX_DEADLINE.toMillis() + ", but was " + ms);
        return Duration.ofMillis(ms);
    }
}
