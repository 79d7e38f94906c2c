package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Message formats inferred from groups of flows. {@link #describe} takes the flows of one protocol: it cuts them into
 * messages (a datagram each; a TCP stream by the {@link Framing} its flows agree on, else by segment), infers per
 * direction the length fields, counters and (between a request and the reply that answers it) echoed identifiers, finds
 * the byte that splits each direction into types, and lays out the fields of the direction and of each type with at
 * least {@code minMessages} messages; a direction with fewer (but some) takes the layout of all the group's messages when
 * those are enough. {@link #groupUnknown} puts flows no classifier named into such groups.
 */
public final class FormatDiscovery {
    public static final int DEFAULT_MIN_MESSAGES = 8;
    /** What discovery keeps of each flow: more than classification (256 packets, 64 KiB per direction). */
    public static final FlowLimits LIMITS = new FlowLimits(256, 65_536, FlowLimits.DEFAULT_TCP_IDLE, FlowLimits.DEFAULT_UDP_IDLE,
            FlowLimits.DEFAULT_MAX_FLOWS);
    /** Cosine similarity of byte profiles above which two unknown port groups are one protocol. */
    static final double SAME_PROTOCOL = 0.8;
    static final int PROFILE_BYTES = 8;
    /** The share of a chain's messages that must hold more than one unit. */
    static final double COMPOUND_SHARE = 0.2;

    private FormatDiscovery() {}

    /** The messages of the flows, the i-th flow's messages with flow number i. */
    public static List<Message> messages(List<FlowSample> flows, Optional<Framing> framing) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) out.addAll(messages(flows.get(i), i, framing));
        return out;
    }

    static List<Message> messages(FlowSample flow, int id, Optional<Framing> framing) {
        if (flow.l4() == Transport.TCP && framing.isPresent()) {
            List<Message> framed = framing.get().split(flow, id, LIMITS.bytesPerDirection());
            if (!framed.isEmpty()) return framed;
        }
        List<Message> out = new ArrayList<>();
        for (Segment s : flow.segments()) {
            if (s.payload().length > 0) out.add(new Message(id, s.direction(), out.size(), s.payload()));
        }
        return out;
    }

    /** The format of one group of flows, or empty when the group has fewer than {@code minMessages} messages. */
    public static Optional<FormatDescription> describe(String group, List<FlowSample> flows, int minMessages) {
        if (flows.isEmpty()) return Optional.empty();
        Transport l4 = flows.getFirst().l4();
        Optional<Framing> framing = l4 == Transport.TCP ? Framing.detect(flows, LIMITS.bytesPerDirection()) : Optional.empty();
        List<Message> all = messages(flows, framing);
        List<Message[]> pairs = pairs(all);
        List<Field> echoed = FieldInference.echoedIds(pairs);
        List<MessageType> types = new ArrayList<>();
        List<Chain> chains = new ArrayList<>();
        int unitStart = framing.map(f -> f.offset() + f.width()).orElse(0);
        for (Direction d : Direction.values()) {
            List<Message> dir = all.stream().filter(m -> m.direction() == d).toList();
            if (dir.isEmpty() || all.size() < minMessages) continue;
            if (dir.size() < minMessages) {
                // too few of its own: the direction takes the layout of all the group's messages
                List<Field> claims = FieldInference.nonOverlappingInOrder(FieldInference.lengthFields(all));
                types.add(type(d, -1, -1, dir, FieldInference.layoutWithLabels(all, claims, -1, all, FieldInference.order(claims))));
                continue;
            }
            List<Field> before = new ArrayList<>();
            framing.ifPresent(f -> before.add(f.field(dir.size(), dir.size())));
            types.addAll(types(d, dir, before, echoed, minMessages));
            chain(d, dir, unitStart, minMessages).ifPresent(chains::add);
        }
        if (types.isEmpty()) return Optional.empty();
        return Optional.of(new FormatDescription(group, l4, framing, flows.size(), all.size(), types, chains));
    }

    /**
     * The general type of {@code messages} (one direction's, or one direction's chained units) and a type per value of
     * their key byte that has at least {@code minMessages} messages. Semantic fields are claimed in order: {@code before},
     * length fields, {@code after}, counters.
     */
    private static List<MessageType> types(Direction d, List<Message> messages, List<Field> before, List<Field> after, int minMessages) {
        List<Field> semantic = new ArrayList<>(before);
        semantic.addAll(FieldInference.lengthFields(messages));
        semantic.addAll(after);
        semantic.addAll(FieldInference.counters(sequences(messages)));
        List<Field> claims = FieldInference.nonOverlappingInOrder(semantic);
        int key = FieldInference.typeKey(messages, claims);
        Endian order = FieldInference.order(claims);
        List<MessageType> out = new ArrayList<>();
        out.add(type(d, -1, -1, messages, FieldInference.layoutWithLabels(messages, claims, key, messages, order)));
        if (key < 0) return out;
        Map<Integer, List<Message>> byValue = new TreeMap<>();
        for (Message m : messages) if (m.length() > key) byValue.computeIfAbsent(m.bytes()[key] & 0xff, k -> new ArrayList<>()).add(m);
        for (var e : byValue.entrySet()) {
            if (e.getValue().size() < minMessages) continue;
            out.add(type(d, key, e.getKey(), e.getValue(), FieldInference.layoutWithLabels(e.getValue(), claims, key, messages, order)));
        }
        return out;
    }

    /**
     * The direction's {@link Chain}, when one is plain: at least half its messages (and {@code minMessages}) start at
     * {@code start} with the same {@value Chain#SIGNATURE} bytes (at most one of them zero, not all of them one value
     * or printable characters), and the signature recurs later in at least {@value #COMPOUND_SHARE} of those (and in two). The units
     * cut there (at least as many as those messages) are laid out like a direction's messages.
     */
    static Optional<Chain> chain(Direction d, List<Message> dir, int start, int minMessages) {
        Map<String, Integer> counts = new HashMap<>();
        for (Message m : dir) {
            if (m.length() >= start + Chain.MIN_UNIT) counts.merge(HexFormat.of().formatHex(m.bytes(), start, start + Chain.SIGNATURE), 1, Integer::sum);
        }
        var best = counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        if (best.isEmpty() || best.get().getValue() < minMessages || 2 * best.get().getValue() < dir.size()) return Optional.empty();
        byte[] signature = HexFormat.of().parseHex(best.get().getKey());
        int zeros = 0;
        int printable = 0;
        for (byte b : signature) {
            if (b == 0) zeros++;
            if (FieldInference.printable(b & 0xff)) printable++;
        }
        boolean fill = true;
        for (byte b : signature) fill &= b == signature[0];
        // zeros and fill recur anywhere; a word of text recurs inside text (a SIP Via header repeats "SIP/"), and text is
        // cut by lines
        if (zeros > 1 || fill || printable == Chain.SIGNATURE) return Optional.empty();
        List<Message> units = new ArrayList<>();
        int matching = 0;
        int compound = 0;
        for (Message m : dir) {
            List<Message> u = Chain.units(m, start, signature, units.size());
            if (u.isEmpty()) continue;
            matching++;
            if (u.size() > 1) compound++;
            units.addAll(u);
        }
        if (compound < 2 || compound < COMPOUND_SHARE * matching) return Optional.empty();
        List<MessageType> parts = types(d, units, List.of(), List.of(), minMessages);
        return Optional.of(new Chain(d, start, signature, matching, compound, units.size(), parts));
    }

    private static MessageType type(Direction d, int key, int value, List<Message> messages, FieldInference.Layout layout) {
        Set<Integer> flows = new HashSet<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Message m : messages) {
            flows.add(m.flow());
            min = Math.min(min, m.length());
            max = Math.max(max, m.length());
        }
        return new MessageType(d, key, value, messages.size(), flows.size(), min, max, layout.fields(), layout.region());
    }

    /** Each reply (b to a) with the oldest request of its flow not yet answered. */
    static List<Message[]> pairs(List<Message> messages) {
        Map<Integer, Deque<Message>> waiting = new LinkedHashMap<>();
        List<Message[]> out = new ArrayList<>();
        for (Message m : messages) {
            Deque<Message> q = waiting.computeIfAbsent(m.flow(), k -> new ArrayDeque<>());
            if (m.direction() == Direction.A_TO_B) q.addLast(m);
            else if (!q.isEmpty()) out.add(new Message[] {q.pollFirst(), m});
        }
        return out;
    }

    /** The messages of each flow, in order. */
    static List<List<Message>> sequences(List<Message> messages) {
        Map<Integer, List<Message>> byFlow = new LinkedHashMap<>();
        for (Message m : messages) byFlow.computeIfAbsent(m.flow(), k -> new ArrayList<>()).add(m);
        return List.copyOf(byFlow.values());
    }

    /**
     * Flows no classifier named, grouped as one protocol each: first by transport and the server's port (end b's), then
     * groups of one transport merged when the byte-value profiles of the first {@value #PROFILE_BYTES} bytes of their
     * messages are alike (cosine similarity at least {@value #SAME_PROTOCOL}). Named {@code Unknown TCP/502} or
     * {@code Unknown UDP/1234,5678}.
     */
    public static Map<String, List<FlowSample>> groupUnknown(List<FlowSample> flows) {
        Map<String, List<FlowSample>> byPort = new TreeMap<>();
        for (FlowSample f : flows) byPort.computeIfAbsent(f.l4().name() + "/" + f.b().port(), k -> new ArrayList<>()).add(f);
        List<String> keys = new ArrayList<>(byPort.keySet());
        List<double[]> profiles = keys.stream().map(k -> profile(byPort.get(k))).toList();
        int[] parent = new int[keys.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                if (!transport(keys.get(i)).equals(transport(keys.get(j)))) continue;
                if (cosine(profiles.get(i), profiles.get(j)) >= SAME_PROTOCOL) parent[find(parent, j)] = find(parent, i);
            }
        }
        Map<Integer, TreeSet<Integer>> ports = new TreeMap<>();
        Map<Integer, List<FlowSample>> members = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            int root = find(parent, i);
            ports.computeIfAbsent(root, k -> new TreeSet<>()).add(Integer.parseInt(keys.get(i).substring(keys.get(i).indexOf('/') + 1)));
            members.computeIfAbsent(root, k -> new ArrayList<>()).addAll(byPort.get(keys.get(i)));
        }
        Map<String, List<FlowSample>> out = new LinkedHashMap<>();
        for (var e : members.entrySet()) {
            StringBuilder name = new StringBuilder("Unknown " + transport(keys.get(e.getKey())) + "/");
            int shown = 0;
            for (int p : ports.get(e.getKey())) {
                if (shown++ == 8) { name.append(",..."); break; }
                name.append(shown > 1 ? "," : "").append(p);
            }
            out.put(name.toString(), e.getValue());
        }
        return out;
    }

    private static String transport(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    static double[] profile(List<FlowSample> flows) {
        double[] p = new double[PROFILE_BYTES * 256];
        for (FlowSample f : flows) {
            for (Segment s : f.segments()) {
                for (int i = 0; i < Math.min(PROFILE_BYTES, s.payload().length); i++) p[i * 256 + (s.payload()[i] & 0xff)]++;
            }
        }
        return p;
    }

    static double cosine(double[] x, double[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
    }
}
