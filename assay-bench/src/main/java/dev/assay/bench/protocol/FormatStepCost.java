package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.discover.FormatDiscovery;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The cost of the ACCURATE mode's format step on one flow: every flow of the captures in DIR, read with the ACCURATE
 * flow limits, that has at least {@value FormatDiscovery#DEFAULT_MIN_MESSAGES} payload packets (the step's
 * condition), is described by {@code FormatDiscovery.describe("flow", List.of(flow), 8)} as the service does; each
 * flow's cost is the fastest of ROUNDS runs, after one warm-up pass over all of them. Prints p50 / p95 / p99 / max over
 * those flows, and the same over the flows the standard classifier leaves Unknown (the ones the step runs on).
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.FormatStepCost
 * ../shared/data/protocol/ndpi/pcap [ROUNDS]}
 */
public final class FormatStepCost {
    private FormatStepCost() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FormatStepCost CAPTURE_DIR [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<FlowSample> flows = new ArrayList<>();
        for (Path f : files) {
            try {
                FlowTable.create(FlowLimits.accurate(), fl -> {
                    if (fl.segments().stream().filter(x -> x.payload().length > 0).count() >= FormatDiscovery.DEFAULT_MIN_MESSAGES)
                        flows.add(fl);
                }).read(f);
            } catch (InvalidInputException e) {
                System.err.println("skipped " + f.getFileName() + ": " + e.getMessage());
            }
        }
        Classifier classifier = Classifier.standard();
        boolean[] unknown = new boolean[flows.size()];
        for (int i = 0; i < flows.size(); i++)
            unknown[i] = classifier.classify(flows.get(i)).label().equals(Classification.UNKNOWN);
        long sink = 0;
        for (FlowSample f : flows) sink += FormatDiscovery.describe("flow", List.of(f), FormatDiscovery.DEFAULT_MIN_MESSAGES).isPresent() ? 1 : 0;
        Histogram all = new Histogram(3);
        Histogram open = new Histogram(3);
        int described = 0;
        for (int i = 0; i < flows.size(); i++) {
            FlowSample f = flows.get(i);
            long best = Long.MAX_VALUE;
            boolean present = false;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                present = FormatDiscovery.describe("flow", List.of(f), FormatDiscovery.DEFAULT_MIN_MESSAGES).isPresent();
                best = Math.min(best, System.nanoTime() - t0);
            }
            if (present) described++;
            all.recordValue(best);
            if (unknown[i]) open.recordValue(best);
        }
        System.out.printf(Locale.ROOT, "%d captures; %d flows with %d or more payload packets, %d described (%d warm-up)%n",
                files.size(), flows.size(), FormatDiscovery.DEFAULT_MIN_MESSAGES, described, sink);
        print("all such flows", all);
        print("those the classifier leaves Unknown", open);
    }

    private static void print(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "%s (%d): fastest of the rounds, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                what, h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
    }
}
