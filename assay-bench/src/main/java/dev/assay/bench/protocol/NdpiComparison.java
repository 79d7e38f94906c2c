package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Assay's labels and those of an installed {@code ndpiReader} against nDPI's expected outputs, per protocol: for every
 * flow of {@code result/<capture>.out} whose label nDPI trusts (confidence DPI...), whether Assay's flow with the same
 * transport and ends has the same protocol (compared by the master name), another one (wrong), or none (unknown: the
 * label Unknown, or no such flow). ndpiReader ({@code -v 2 -i FILE}) is scored the same way on the same flows.
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.NdpiComparison
 * ../shared/data/protocol/ndpi core|all [/usr/bin/ndpiReader]}
 */
public final class NdpiComparison {
    private NdpiComparison() {}

    /** Per protocol: flows, and correct / wrong / unknown for Assay (with the correct ones found by port) and for ndpiReader. */
    static final class Row {
        int flows;
        int correct;
        int correctByPort;
        int wrong;
        int unknown;
        int peerCorrect;
        int peerWrong;
        int peerUnknown;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: NdpiComparison NDPI_DATA_DIR core|all [NDPI_READER]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        boolean core = args[1].equals("core");
        String reader = args.length > 2 ? args[2] : null;
        List<String> files = new ArrayList<>();
        if (core) {
            for (String line : Files.readAllLines(data.resolve("core-set.tsv"))) {
                if (!line.isBlank() && !line.startsWith("#")) files.add(line.split("\t")[0]);
            }
        } else {
            try (var s = Files.list(data.resolve("pcap"))) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(files::add);
            }
        }
        Classifier classifier = Classifier.standard();
        Map<String, Row> rows = new TreeMap<>();
        int unreadable = 0;
        int peerFailed = 0;
        int peerUnparsed = 0;
        int expectedUnparsed = 0;
        // nDPI's expected outputs themselves: [trusted, guessed, unknown]; and Assay on the flows nDPI did not trust:
        // [guessed: named structurally, of which as nDPI guessed, by port, unknown], [nDPI unknown: named structurally, by port, unknown]
        long[] own = new long[3];
        long[] onGuessed = new long[4];
        long[] onUnknown = new long[3];
        for (String name : files) {
            Path result = data.resolve("result").resolve(name + ".out");
            if (!Files.exists(result)) continue;
            List<NdpiFlow> all = NdpiResults.read(result);
            List<NdpiFlow> expected = NdpiResults.trusted(all);
            if (all.isEmpty()) continue;
            Map<String, Classification> ours = new HashMap<>();
            try {
                FlowTable.create(FlowLimits.defaults(), f -> ours.putIfAbsent(NdpiResults.matchKey(f.l4().name(), f.a(), f.b()), classifier.classify(f)))
                        .read(data.resolve("pcap").resolve(name));
            } catch (InvalidInputException e) {
                unreadable++;
                System.err.println("assay could not read " + name + ": " + e.getMessage());
            }
            Map<String, String> peer = new HashMap<>();
            if (reader != null) {
                List<NdpiFlow> flows = runPeer(reader, data.resolve("pcap").resolve(name));
                if (flows == null) peerFailed++;
                else for (NdpiFlow f : flows) {
                    try {
                        peer.putIfAbsent(NdpiResults.matchKey(f.l4(), f.endpointA(), f.endpointB()), f.master());
                    } catch (IllegalArgumentException e) { // ndpiReader 4.2 prints some IPv6 addresses wrongly ("2600:1901::7a0b::")
                        peerUnparsed++;
                    }
                }
            }
            for (NdpiFlow e : all) {
                boolean unknownToNdpi = e.master().equals("Unknown");
                own[e.trusted() ? 0 : unknownToNdpi ? 2 : 1]++;
                if (e.trusted()) continue;
                Classification c;
                try {
                    c = ours.get(NdpiResults.matchKey(e.l4(), e.endpointA(), e.endpointB()));
                } catch (IllegalArgumentException bad) {
                    continue;
                }
                int kind = c == null || c.label().equals(Classification.UNKNOWN) ? 2 : c.source() == Source.PORT ? 1 : 0;
                if (unknownToNdpi) onUnknown[kind]++;
                else {
                    onGuessed[kind == 0 ? 0 : kind + 1]++;
                    if (kind == 0 && c.master().equals(e.master())) onGuessed[1]++;
                }
            }
            for (NdpiFlow e : expected) {
                String k;
                try {
                    k = NdpiResults.matchKey(e.l4(), e.endpointA(), e.endpointB());
                } catch (IllegalArgumentException bad) { // nDPI prints some IPv6 addresses wrongly: such a flow cannot be matched
                    expectedUnparsed++;
                    continue;
                }
                Row r = rows.computeIfAbsent(e.master(), x -> new Row());
                r.flows++;
                Classification c = ours.get(k);
                if (c == null || c.label().equals(Classification.UNKNOWN)) r.unknown++;
                else if (c.master().equals(e.master())) {
                    r.correct++;
                    if (c.source() == Source.PORT) r.correctByPort++;
                } else r.wrong++;
                String p = peer.get(k);
                if (p == null || p.equals("Unknown")) r.peerUnknown++;
                else if (p.equals(e.master())) r.peerCorrect++;
                else r.peerWrong++;
            }
        }
        print(rows, reader != null);
        System.out.printf(Locale.ROOT, "nDPI's expected outputs: %d flows, %d named by DPI (scored above), %d guessed (by port, address or"
                + " partial evidence), %d unknown%n", own[0] + own[1] + own[2], own[0], own[1], own[2]);
        System.out.printf(Locale.ROOT, "Assay on the %d guessed: %d named structurally (%d as nDPI guessed), %d by port, %d unknown;"
                + " on the %d nDPI left unknown: %d named structurally, %d by port, %d unknown%n", own[1], onGuessed[0], onGuessed[1],
                onGuessed[2], onGuessed[3], own[2], onUnknown[0], onUnknown[1], onUnknown[2]);
        System.out.printf(Locale.ROOT, "%d captures (%s); Assay could not read %d; ndpiReader failed on %d, printed %d flows with an address it cannot have;"
                + " %d expected flows left out for the same reason%n", files.size(), core ? "core set" : "whole corpus", unreadable, peerFailed, peerUnparsed, expectedUnparsed);
    }


    /** ndpiReader's flows for one capture, or null when it failed. */
    static List<NdpiFlow> runPeer(String reader, Path capture) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(reader, "-v", "2", "-i", capture.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? NdpiResults.parse(new String(out, StandardCharsets.UTF_8)) : null;
    }

    static void print(Map<String, Row> rows, boolean withPeer) {
        System.out.println("| protocol | flows | Assay correct (by port) | Assay wrong | Assay unknown |" + (withPeer ? " ndpiReader correct | ndpiReader wrong | ndpiReader unknown |" : ""));
        System.out.println("|---|---|---|---|---|" + (withPeer ? "---|---|---|" : ""));
        Row total = new Row();
        List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((x, y) -> y.getValue().flows != x.getValue().flows ? Integer.compare(y.getValue().flows, x.getValue().flows) : x.getKey().compareTo(y.getKey()));
        for (var e : sorted) {
            line(e.getKey(), e.getValue(), withPeer);
            Row r = e.getValue();
            total.flows += r.flows;
            total.correct += r.correct;
            total.correctByPort += r.correctByPort;
            total.wrong += r.wrong;
            total.unknown += r.unknown;
            total.peerCorrect += r.peerCorrect;
            total.peerWrong += r.peerWrong;
            total.peerUnknown += r.peerUnknown;
        }
        line("**all**", total, withPeer);
        Set<String> none = new LinkedHashSet<>();
        rows.forEach((k, r) -> { if (r.correct == 0) none.add(k); });
        System.out.println("protocols with no flow right: " + none.size());
    }

    static void line(String protocol, Row r, boolean withPeer) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d (%d) | %d | %d |%s%n", protocol, r.flows, r.correct, r.correctByPort, r.wrong, r.unknown,
                withPeer ? String.format(Locale.ROOT, " %d | %d | %d |", r.peerCorrect, r.peerWrong, r.peerUnknown) : "");
    }
}
