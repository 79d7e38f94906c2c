package dev.assay.bench.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.protocol.discover.FormatDescription;
import dev.assay.protocol.discover.FormatDiscovery;
import dev.assay.protocol.discover.Message;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Inferred field boundaries scored against tshark's dissection. For each protocol, the captures whose nDPI result names
 * it (confidence DPI) give the flows nDPI labelled so; their formats are inferred with no knowledge of the protocol
 * (one group per protocol and transport, as {@code assay protocol discover --all} groups them), and every message is cut
 * by the format of its type. tshark ({@code -T json -x}) gives, per protocol data unit of the protocol's layer, the byte
 * ranges of every field of that layer and the layers inside it; a boundary is a position strictly inside the unit where a
 * field starts or ends. A message is scored when its bytes are exactly a unit tshark dissected (others are counted as
 * unmatched); precision, recall and F1 are over boundaries, per protocol and pooled over all (micro-average).
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.FieldInferenceScore
 * ../shared/data/protocol/ndpi [/usr/bin/tshark]}. Without tshark it prints why it skipped and exits 0.
 */
public final class FieldInferenceScore {
    private FieldInferenceScore() {}

    /** A protocol: which nDPI labels select its flows and which tshark layer is its unit. */
    record Protocol(String name, Predicate<NdpiFlow> selects, String layer) {}

    static final List<Protocol> PROTOCOLS = List.of(
            new Protocol("Modbus", f -> f.master().equals("Modbus"), "mbtcp"),
            new Protocol("DNP3", f -> f.master().equals("DNP3"), "dnp3"),
            new Protocol("NTP", f -> f.master().equals("NTP"), "ntp"),
            new Protocol("DNS", f -> f.master().equals("DNS"), "dns"),
            new Protocol("SMB", f -> f.master().startsWith("SMB") || f.application().map(a -> a.startsWith("SMB")).orElse(false), "nbss"));

    static final class Score {
        int files;
        int flows;
        int messages;
        int matched;
        long truePositives;
        long inferred;
        long truth;

        double precision() {
            return inferred == 0 ? 0 : (double) truePositives / inferred;
        }

        double recall() {
            return truth == 0 ? 0 : (double) truePositives / truth;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        void add(Score o) {
            files += o.files;
            flows += o.flows;
            messages += o.messages;
            matched += o.matched;
            truePositives += o.truePositives;
            inferred += o.inferred;
            truth += o.truth;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: FieldInferenceScore NDPI_DATA_DIR [TSHARK]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path tshark = Path.of(args.length > 1 ? args[1] : "/usr/bin/tshark");
        if (!Files.isExecutable(tshark)) {
            System.out.println("FieldInferenceScore: skipped: tshark not found at " + tshark + " (Debian: apt-get install tshark)");
            return;
        }
        List<String> captures;
        try (var s = Files.list(data.resolve("pcap"))) {
            captures = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        for (Protocol protocol : PROTOCOLS) {
            Score score = new Score();
            Map<String, List<FlowSample>> byTransport = new TreeMap<>();
            Map<String, List<int[]>> truth = new HashMap<>();
            for (String name : captures) {
                Path result = data.resolve("result").resolve(name + ".out");
                if (!Files.exists(result)) continue;
                Set<String> keys = new HashSet<>();
                for (NdpiFlow f : NdpiResults.trusted(NdpiResults.read(result))) {
                    if (protocol.selects().test(f)) keys.add(NdpiResults.matchKey(f.l4(), f.endpointA(), f.endpointB()));
                }
                if (keys.isEmpty()) continue;
                List<FlowSample> flows = new ArrayList<>();
                try {
                    FlowTable.create(FormatDiscovery.LIMITS, f -> {
                        if (keys.contains(NdpiResults.matchKey(f.l4().name(), f.a(), f.b()))) flows.add(f);
                    }).read(data.resolve("pcap").resolve(name));
                } catch (InvalidInputException e) {
                    System.err.println("skipped " + name + ": " + e.getMessage());
                    continue;
                }
                if (flows.isEmpty()) continue;
                score.files++;
                flows.forEach(f -> byTransport.computeIfAbsent(f.l4().name(), k -> new ArrayList<>()).add(f));
                dissect(tshark, data.resolve("pcap").resolve(name), protocol.layer(), truth);
            }
            for (var e : byTransport.entrySet()) {
                List<FlowSample> flows = e.getValue();
                score.flows += flows.size();
                var format = FormatDiscovery.describe(protocol.name() + " " + e.getKey(), flows, FormatDiscovery.DEFAULT_MIN_MESSAGES);
                List<Message> messages = FormatDiscovery.messages(flows, format.flatMap(FormatDescription::framing));
                for (Message m : messages) {
                    score.messages++;
                    List<int[]> expected = truth.get(HexFormat.of().formatHex(m.bytes()));
                    if (expected == null) continue;
                    score.matched++;
                    int[] inferred = format.map(f -> f.boundaries(m)).orElse(new int[0]);
                    int[] actual = expected.getFirst();
                    Set<Integer> actualSet = new HashSet<>();
                    for (int b : actual) actualSet.add(b);
                    score.truth += actual.length;
                    score.inferred += inferred.length;
                    for (int b : inferred) if (actualSet.contains(b)) score.truePositives++;
                }
            }
            scores.put(protocol.name(), score);
            System.err.printf(Locale.ROOT, "%s: %d files, %d flows, %d messages%n", protocol.name(), score.files, score.flows, score.messages);
        }
        Score all = new Score();
        System.out.printf(Locale.ROOT, "%-8s %6s %6s %9s %8s %10s %9s %7s %7s %7s%n", "protocol", "files", "flows", "messages", "matched",
                "boundaries", "inferred", "P", "R", "F1");
        for (var e : scores.entrySet()) {
            print(e.getKey(), e.getValue());
            all.add(e.getValue());
        }
        print("micro", all);
    }

    private static void print(String name, Score s) {
        System.out.printf(Locale.ROOT, "%-8s %6d %6d %9d %8d %10d %9d %7.3f %7.3f %7.3f%n", name, s.files, s.flows, s.messages, s.matched, s.truth,
                s.inferred, s.precision(), s.recall(), s.f1());
    }

    /**
     * tshark's units of {@code layer} in one capture, keyed by their bytes in hex: per unit the sorted positions strictly
     * inside it where a field of the layer or of a layer after it (in the packet's layer order) starts or ends.
     */
    static void dissect(Path tshark, Path capture, String layer, Map<String, List<int[]>> into) throws IOException, InterruptedException {
        Path out = Files.createTempFile("assay-tshark", ".json");
        try {
            Process p = new ProcessBuilder(tshark.toString(), "-r", capture.toString(), "-T", "json", "-x", "--no-duplicate-keys", "-Y", layer)
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("tshark did not finish on " + capture);
            }
            if (Files.size(out) == 0) return;
            JsonNode packets = new ObjectMapper().readTree(out.toFile());
            for (JsonNode packet : packets) {
                JsonNode layers = packet.path("_source").path("layers");
                List<long[]> units = ranges(layers.get(layer + "_raw"));
                if (units.isEmpty()) continue;
                List<long[]> fields = new ArrayList<>();
                boolean inside = false;
                for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getKey().equals(layer)) inside = true;
                    if (inside && !e.getKey().endsWith("_raw")) collect(e.getValue(), fields);
                }
                for (long[] unit : units) {
                    Set<Integer> bounds = new java.util.TreeSet<>();
                    for (long[] f : fields) {
                        if (f[1] < unit[1] || f[1] + f[2] > unit[1] + unit[2]) continue;
                        for (long b : new long[] {f[1] - unit[1], f[1] + f[2] - unit[1]}) if (b > 0 && b < unit[2]) bounds.add((int) b);
                    }
                    String hex = rawHex(layers.get(layer + "_raw"), units.indexOf(unit));
                    if (hex != null && hex.length() == 2 * unit[2]) {
                        into.putIfAbsent(hex.toLowerCase(Locale.ROOT), List.of(bounds.stream().mapToInt(Integer::intValue).toArray()));
                    }
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code [hex, pos, len, mask, type]} or an array of them, as {pos, len} (index 0 unused) . */
    private static List<long[]> ranges(JsonNode raw) {
        List<long[]> out = new ArrayList<>();
        if (raw == null || !raw.isArray() || raw.isEmpty()) return out;
        if (raw.get(0).isTextual()) {
            if (raw.size() >= 3) out.add(new long[] {0, raw.get(1).asLong(), raw.get(2).asLong()});
        } else {
            for (JsonNode r : raw) out.addAll(ranges(r));
        }
        return out;
    }

    private static String rawHex(JsonNode raw, int index) {
        if (raw.get(0).isTextual()) return index == 0 ? raw.get(0).asText() : null;
        return index < raw.size() ? raw.get(index).get(0).asText() : null;
    }

    /** Every field's byte range under a layer's tree: the arrays of its {@code *_raw} keys, at any depth. */
    private static void collect(JsonNode node, List<long[]> into) {
        if (node.isArray()) {
            for (JsonNode n : node) collect(n, into);
            return;
        }
        if (!node.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().endsWith("_raw")) into.addAll(ranges(e.getValue()));
            else collect(e.getValue(), into);
        }
    }
}
