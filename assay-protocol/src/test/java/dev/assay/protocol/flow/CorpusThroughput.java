package dev.assay.protocol.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throughput figure, not a test: reads every capture of a directory into flows on one thread,
 * {@code passes} times, and prints records and IP packets per second for each pass (the first
 * includes the JIT's warm-up). Files the reader refuses are counted and skipped.
 *
 * <pre>{@code
 * java -cp assay-protocol/target/classes:assay-protocol/target/test-classes:<assay-core jar> \
 *     dev.assay.protocol.flow.CorpusThroughput /work/shared/data/protocol/ndpi/pcap 5
 * }</pre>
 */
final class CorpusThroughput {
    private CorpusThroughput() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        for (int pass = 1; pass <= passes; pass++) {
            long[] segments = new long[1];
            FlowTable table = FlowTable.create(FlowLimits.defaults(), sample -> segments[0] += sample.segments().size());
            long records = 0;
            long packets = 0;
            long bytes = 0;
            long flows = 0;
            int refused = 0;
            long start = System.nanoTime();
            for (Path f : files) {
                try {
                    CaptureSummary s = table.read(f);
                    records += s.capture().records();
                    packets += s.capture().packets();
                    bytes += s.capture().bytes();
                    flows += s.flows();
                } catch (dev.assay.core.InvalidInputException e) {
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pass %d: %d files (%d refused), %d records, %d IP packets, %.1f MB, %d flows, %d segments in %.3f s: %,.0f records/s, %,.0f packets/s, %.1f MB/s%n",
                    pass, files.size(), refused, records, packets, bytes / 1e6, flows, segments[0], seconds,
                    records / seconds, packets / seconds, bytes / 1e6 / seconds);
        }
    }
}
