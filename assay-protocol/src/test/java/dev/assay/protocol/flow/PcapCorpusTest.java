package dev.assay.protocol.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.InvalidInputException;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every capture of nDPI's regression corpus read into flows, and the number of flows compared
 * with the flow lines of nDPI's own result for the same file. nDPI's reader never splits a flow
 * on idle time or on a new SYN after a FIN, and opens CAPWAP tunnels; the table does the first
 * two, so agreement is measured twice: with the default limits, and with idle limits too long to
 * ever end a flow in this corpus.
 */
class PcapCorpusTest {
    private static final Pattern FLOW_LINE = Pattern.compile("^\t(\\d+)\t(\\S+) (\\S+) (<->|->) (\\S+) ");
    /** The one file a reader must refuse: its first record claims 524,501 bytes, twice libpcap's maximum. */
    private static final String CORRUPT = "fuzz-2021-10-13.pcap";

    private record Agreement(int compared, int equal, int within10Percent, long flows, long ndpiFlows, long records,
                             Map<String, String> refused, List<String> differ) {}

    @Test
    void everyCaptureReadsAndFlowCountsAgreeWithNdpi() throws IOException {
        Path root = TestEnvironment.sharedData().resolve("protocol/ndpi");
        List<Path> captures;
        try (Stream<Path> s = Files.list(root.resolve("pcap"))) {
            captures = s.filter(p -> !p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        Agreement defaults = agreement(root, captures, FlowLimits.defaults());
        Duration never = Duration.ofDays(100_000);
        Agreement noIdle = agreement(root, captures,
                new FlowLimits(FlowLimits.DEFAULT_PACKETS, FlowLimits.DEFAULT_BYTES_PER_DIRECTION, never, never, FlowLimits.DEFAULT_MAX_FLOWS));
        for (var e : List.of(Map.entry("default limits", defaults), Map.entry("no idle split", noIdle))) {
            Agreement a = e.getValue();
            System.out.printf("ndpi corpus, %s: %d captures, %d records, refused %s; flow counts equal to nDPI's in %d of %d captures (%.1f%%), within 10%% in %d; %d flows vs nDPI's %d%n",
                    e.getKey(), captures.size(), a.records(), a.refused().keySet(), a.equal(), a.compared(),
                    100.0 * a.equal() / a.compared(), a.within10Percent(), a.flows(), a.ndpiFlows());
        }
        noIdle.differ().forEach(d -> System.out.println("  no idle split, differs: " + d));

        assertThat(captures).hasSize(499);
        assertThat(defaults.refused()).containsOnlyKeys(CORRUPT);
        assertThat(defaults.refused().get(CORRUPT)).contains(CORRUPT).contains("byte offset 24");
        assertThat(noIdle.refused()).containsOnlyKeys(CORRUPT);
        assertThat(defaults.compared()).isEqualTo(498);
        // measured: 454 of 498 with the defaults, 480 of 498 without idle splits
        assertThat((double) defaults.equal() / defaults.compared()).isGreaterThanOrEqualTo(0.88);
        assertThat((double) noIdle.equal() / noIdle.compared()).isGreaterThanOrEqualTo(0.95);
        assertThat((double) noIdle.flows() / noIdle.ndpiFlows()).isBetween(0.98, 1.02);
    }

    private static Agreement agreement(Path root, List<Path> captures, FlowLimits limits) throws IOException {
        long[] samples = new long[1];
        FlowTable table = FlowTable.create(limits, sample -> samples[0]++);
        Map<String, String> refused = new TreeMap<>();
        List<String> differ = new ArrayList<>();
        int compared = 0;
        int equal = 0;
        int within = 0;
        long flows = 0;
        long ndpi = 0;
        long records = 0;
        for (Path capture : captures) {
            CaptureSummary summary;
            try {
                summary = table.read(capture);
            } catch (InvalidInputException e) {
                refused.put(capture.getFileName().toString(), e.getMessage());
                continue;
            }
            records += summary.capture().records();
            Path result = root.resolve("result").resolve(capture.getFileName() + ".out");
            if (!Files.exists(result)) continue;
            long expected = ndpiFlows(result);
            compared++;
            flows += summary.flows();
            ndpi += expected;
            if (summary.flows() == expected) equal++;
            if (Math.abs(summary.flows() - expected) <= 0.1 * expected) within++;
            if (summary.flows() != expected) {
                differ.add(capture.getFileName() + ": " + summary.flows() + " vs " + expected + " (closed " + summary.closed()
                        + ", skipped " + summary.capture().skipped() + ", unknown link types " + summary.capture().unknownLinkTypes() + ")");
            }
        }
        assertThat(samples[0]).as("samples given out").isEqualTo(flows);
        return new Agreement(compared, equal, within, flows, ndpi, records, refused, differ);
    }

    private static long ndpiFlows(Path result) throws IOException {
        String text = new String(Files.readAllBytes(result), StandardCharsets.ISO_8859_1);
        return text.lines().filter(l -> FLOW_LINE.matcher(l).find()).count();
    }
}
