package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.learn.LearnedStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assay and an installed {@code ndpiReader} on the captures of {@code scripts/traffic-lab.sh}, whose labels are known by
 * construction (every flow of {@code redis.pcap} is Redis, and so on; servers on ports that are not their protocols'
 * own): per protocol, flows, and correct / wrong / unknown for each. A flow is matched to ndpiReader's by transport and
 * ends. nDPI renamed Redis to RESP after the 4.x releases Debian ships; both names count as the same protocol.
 *
 * With {@code --model FILE} it also scores a learned protocol model alone ({@link LearnedStage}: an answer above its
 * threshold, else unknown) on the same flows; the model should not have been trained on this lab run.
 *
 * <p>Run: {@code scripts/traffic-lab.sh /tmp/lab 20 && java -cp assay-bench/target/benchmarks.jar
 * dev.assay.bench.protocol.LabComparison /tmp/lab [/usr/bin/ndpiReader] [--model MODEL.aplm]}
 */
public final class LabComparison {
    private LabComparison() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>(List.of(args));
        LearnedStage learned = null;
        int m = rest.indexOf("--model");
        if (m >= 0 && m + 1 < rest.size()) {
            learned = new LearnedStage(LearnedModel.read(Path.of(rest.get(m + 1))));
            rest.remove(m + 1);
            rest.remove(m);
        }
        if (rest.isEmpty() || rest.size() > 2 || rest.contains("--model")) {
            System.err.println("usage: LabComparison LAB_DIR [NDPI_READER] [--model MODEL.aplm]");
            System.exit(2);
        }
        Path lab = Path.of(rest.get(0));
        String reader = rest.size() > 1 ? rest.get(1) : null;
        Classifier classifier = Classifier.standard();
        Map<String, int[]> rows = new TreeMap<>(); // flows, assay correct, wrong, unknown, peer correct, wrong, unknown, learned correct, wrong, unknown
        for (String line : Files.readAllLines(lab.resolve("labels.tsv"))) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            Path capture = lab.resolve(f[0]);
            String truth = f[1];
            Map<String, Classification> ours = new HashMap<>();
            Map<String, String> model = new HashMap<>();
            LearnedStage stage = learned;
            try {
                FlowTable.create(FlowLimits.defaults(), fl -> {
                    String key = NdpiResults.matchKey(fl.l4().name(), fl.a(), fl.b());
                    if (ours.putIfAbsent(key, classifier.classify(fl)) == null && stage != null)
                        model.put(key, stage.apply(fl).map(Classification::master).orElse("Unknown"));
                }).read(capture);
            } catch (InvalidInputException e) {
                System.err.println("assay could not read " + capture + ": " + e.getMessage());
                continue;
            }
            Map<String, String> peer = new HashMap<>();
            if (reader != null) {
                List<NdpiFlow> flows = NdpiComparison.runPeer(reader, capture);
                if (flows != null) for (NdpiFlow p : flows) peer.putIfAbsent(NdpiResults.matchKey(p.l4(), p.endpointA(), p.endpointB()), p.master());
            }
            int[] r = rows.computeIfAbsent(truth, k -> new int[10]);
            for (var e : ours.entrySet()) {
                r[0]++;
                Classification c = e.getValue();
                if (c.label().equals(Classification.UNKNOWN)) r[3]++;
                else if (same(c.master(), truth)) r[1]++;
                else r[2]++;
                String p = peer.get(e.getKey());
                if (p == null || p.equals("Unknown")) r[6]++;
                else if (same(p, truth)) r[4]++;
                else r[5]++;
                String l = model.get(e.getKey());
                if (l == null || l.equals("Unknown")) r[9]++;
                else if (same(l, truth)) r[7]++;
                else r[8]++;
            }
        }
        boolean withModel = learned != null;
        System.out.println("| protocol | flows | Assay correct | Assay wrong | Assay unknown |" + (reader != null ? " ndpiReader correct | ndpiReader wrong | ndpiReader unknown |" : "")
                + (withModel ? " model alone correct | model alone wrong | model alone unknown |" : ""));
        System.out.println("|---|---|---|---|---|" + (reader != null ? "---|---|---|" : "") + (withModel ? "---|---|---|" : ""));
        int[] total = new int[10];
        rows.forEach((p, r) -> {
            row(p, r, reader != null, withModel);
            for (int i = 0; i < 10; i++) total[i] += r[i];
        });
        row("**all**", total, reader != null, withModel);
    }

    private static void row(String name, int[] r, boolean peer, boolean model) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d |%s%s%n", name, r[0], r[1], r[2], r[3],
                peer ? String.format(Locale.ROOT, " %d | %d | %d |", r[4], r[5], r[6]) : "",
                model ? String.format(Locale.ROOT, " %d | %d | %d |", r[7], r[8], r[9]) : "");
    }

    private static boolean same(String label, String truth) {
        return label.equals(truth) || (isRedis(label) && isRedis(truth));
    }

    private static boolean isRedis(String s) {
        return s.equals("Redis") || s.equals("RESP");
    }
}
