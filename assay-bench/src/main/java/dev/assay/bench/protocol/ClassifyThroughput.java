package dev.assay.bench.protocol;

import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.flow.CaptureSummary;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Reading, flow building and classification on one thread, the captures preloaded in memory: packets/s and
 * flows/s per round after warm-up rounds (median, min, max), and the latency of {@code Classifier.classify}
 * per flow (p50, p99, max over the measured rounds), the labels of the flows in the slow tail, and each flow's own
 * cost without the rest of the machine's noise: the fastest of {@value #REPEATS} classifications of it (p50, p99, max).
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.ClassifyThroughput [--balanced] ROUNDS CAPTURE...}
 * ({@code --balanced}: the classifier of the BALANCED mode, with the shipped learned model between the validators and the port)
 * (5 warm-up rounds, then ROUNDS measured).
 */
public final class ClassifyThroughput {
    private static final int WARMUP = 5;
    /** Classifications of each flow for its fastest time. */
    private static final int REPEATS = 30;

    private ClassifyThroughput() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ClassifyThroughput [--balanced] ROUNDS CAPTURE...");
            System.exit(2);
        }
        boolean balanced = args[0].equals("--balanced"); // the validators, then the shipped learned model, then the port
        if (balanced) args = java.util.Arrays.copyOfRange(args, 1, args.length);
        int rounds = Integer.parseInt(args[0]);
        List<byte[]> captures = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            captures.add(Files.readAllBytes(Path.of(args[i])));
            names.add(args[i]);
        }
        Classifier classifier = balanced ? Classifier.balanced(dev.assay.protocol.learn.LearnedModel.shipped()) : Classifier.standard();
        Histogram perFlow = new Histogram(3_600_000_000_000L, 3);
        List<Double> packetRates = new ArrayList<>();
        List<Double> flowRates = new ArrayList<>();
        long[] labelled = new long[1];
        // per label: the measured classify times, to name where the slow tail comes from
        java.util.Map<String, List<Long>> byLabel = new java.util.TreeMap<>();
        for (int r = 0; r < WARMUP + rounds; r++) {
            boolean measured = r >= WARMUP;
            long packets = 0;
            long flows = 0;
            long start = System.nanoTime();
            for (int c = 0; c < captures.size(); c++) {
                FlowTable table = FlowTable.create(FlowLimits.defaults(), flow -> {
                    long t0 = System.nanoTime();
                    var label = classifier.classify(flow);
                    long t = System.nanoTime() - t0;
                    if (measured) {
                        perFlow.recordValue(Math.max(1, t));
                        byLabel.computeIfAbsent(label.label() + " (" + label.source() + ")", k -> new ArrayList<>()).add(t);
                    }
                    if (!label.label().equals("Unknown")) labelled[0]++;
                });
                CaptureSummary s = table.read(new ByteArrayInputStream(captures.get(c)), names.get(c));
                packets += s.capture().packets();
                flows += s.flows();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s round %d: %d packets, %d flows in %.3f s: %.0f packets/s, %.0f flows/s%n",
                    measured ? "measured" : "warm-up", r + 1, packets, flows, seconds, packets / seconds, flows / seconds);
            if (measured) {
                packetRates.add(packets / seconds);
                flowRates.add(flows / seconds);
            }
        }
        packetRates.sort(null);
        flowRates.sort(null);
        System.out.printf(Locale.ROOT, "packets/s: median %.0f, min %.0f, max %.0f over %d rounds%n",
                median(packetRates), packetRates.get(0), packetRates.get(packetRates.size() - 1), rounds);
        System.out.printf(Locale.ROOT, "flows/s: median %.0f, min %.0f, max %.0f%n",
                median(flowRates), flowRates.get(0), flowRates.get(flowRates.size() - 1));
        System.out.printf(Locale.ROOT, "classify per flow: p50 %.1f us, p99 %.1f us, max %.1f us (%d flows)%n",
                perFlow.getValueAtPercentile(50) / 1e3, perFlow.getValueAtPercentile(99) / 1e3, perFlow.getMaxValue() / 1e3,
                perFlow.getTotalCount());
        long p99 = perFlow.getValueAtPercentile(99);
        System.out.println("labels of the flows above the p99, with each label's median and p99 classify time:");
        byLabel.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue().stream().filter(t -> t > p99).count()))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> {
                    List<Long> ts = new ArrayList<>(byLabel.get(e.getKey()));
                    ts.sort(null);
                    System.out.printf(Locale.ROOT, "  %-40s %6d above p99 of %7d flows; median %.1f us, p99 %.1f us%n", e.getKey(), e.getValue(),
                            ts.size(), ts.get(ts.size() / 2) / 1e3, ts.get(Math.min(ts.size() - 1, (int) (ts.size() * 0.99))) / 1e3);
                });
        // each flow's own cost without what else the machine did meanwhile: the fastest of REPEATS classifications of it
        List<FlowSample> flows = new ArrayList<>();
        for (int c = 0; c < captures.size(); c++)
            FlowTable.create(FlowLimits.defaults(), flows::add).read(new ByteArrayInputStream(captures.get(c)), names.get(c));
        Histogram fastest = new Histogram(3_600_000_000_000L, 3);
        for (FlowSample f : flows) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                classifier.classify(f);
                best = Math.min(best, System.nanoTime() - t0);
            }
            fastest.recordValue(Math.max(1, best));
        }
        System.out.printf(Locale.ROOT, "classify per flow, fastest of %d repeats: p50 %.1f us, p99 %.1f us, max %.1f us (%d flows)%n", REPEATS,
                fastest.getValueAtPercentile(50) / 1e3, fastest.getValueAtPercentile(99) / 1e3, fastest.getMaxValue() / 1e3, fastest.getTotalCount());
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
