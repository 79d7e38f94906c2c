package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import dev.assay.protocol.learn.LearnedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well the classifier's confidence says how often it is right: for every flow nDPI's expected outputs label with
 * confidence (DPI...) that the classifier names (any label but Unknown), the stated confidence and whether the master
 * protocol is nDPI's. Per evidence source (DPI, LEARNED, PORT), a reliability table over confidence bins (flows, mean
 * confidence, share right) and the expected calibration error (ECE: the bins' |mean confidence - share right| weighted
 * by their flows). The classifier is the BALANCED one ({@code Classifier.balanced(shipped model)}) so all three sources
 * appear; the core set or the whole corpus.
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.ConfidenceCalibration
 * ../shared/data/protocol/ndpi core|all}
 */
public final class ConfidenceCalibration {
    private ConfidenceCalibration() {}

    static final double[] EDGES = {0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001};

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[1].equals("core") || args[1].equals("all"))) {
            System.err.println("usage: ConfidenceCalibration NDPI_DATA_DIR core|all");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        List<String> files = new ArrayList<>(args[1].equals("core") ? ProtocolCorpus.coreFiles(data) : allFiles(data));
        Classifier classifier = Classifier.balanced(LearnedModel.shipped());
        Map<Source, List<double[]>> seen = new EnumMap<>(Source.class); // {confidence, right}
        for (String name : files) {
            Path result = data.resolve("result").resolve(name + ".out");
            if (!Files.exists(result)) continue;
            Map<String, Classification> ours = new HashMap<>();
            try {
                FlowTable.create(FlowLimits.defaults(), f -> ours.putIfAbsent(NdpiResults.matchKey(f.l4().name(), f.a(), f.b()), classifier.classify(f)))
                        .read(data.resolve("pcap").resolve(name));
            } catch (InvalidInputException e) {
                System.err.println("could not read " + name + ": " + e.getMessage());
                continue;
            }
            for (NdpiFlow e : NdpiResults.trusted(NdpiResults.read(result))) {
                Classification c;
                try {
                    c = ours.get(NdpiResults.matchKey(e.l4(), e.endpointA(), e.endpointB()));
                } catch (IllegalArgumentException badAddress) {
                    continue;
                }
                if (c == null || c.label().equals(Classification.UNKNOWN)) continue;
                seen.computeIfAbsent(c.source(), k -> new ArrayList<>()).add(new double[] {c.confidence(), c.master().equals(e.master()) ? 1 : 0});
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d captures%n", args[1].equals("core") ? "core set" : "whole corpus", files.size());
        for (var entry : seen.entrySet()) {
            List<double[]> v = entry.getValue();
            System.out.printf(Locale.ROOT, "%n%s: %d flows named%n| confidence | flows | mean confidence | share right |%n|---|---|---|---|%n", entry.getKey(), v.size());
            double ece = 0;
            for (int b = 0; b + 1 < EDGES.length; b++) {
                int n = 0;
                double conf = 0;
                double right = 0;
                for (double[] x : v) {
                    if (x[0] >= EDGES[b] && x[0] < EDGES[b + 1]) {
                        n++;
                        conf += x[0];
                        right += x[1];
                    }
                }
                if (n == 0) continue;
                ece += n * Math.abs(conf / n - right / n);
                System.out.printf(Locale.ROOT, "| %.2f-%.2f | %d | %.3f | %.3f |%n", EDGES[b], Math.min(1.0, EDGES[b + 1]), n, conf / n, right / n);
            }
            System.out.printf(Locale.ROOT, "ECE %.3f%n", ece / v.size());
        }
    }

    private static List<String> allFiles(Path data) throws IOException {
        try (var s = Files.list(data.resolve("pcap"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
