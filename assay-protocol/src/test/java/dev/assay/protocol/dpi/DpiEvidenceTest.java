package dev.assay.protocol.dpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.flow.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A detection's evidence is the bytes it names: on the core set's captures every cited range lies inside the flow's
 * payload, and overwriting the cited bytes (and nothing else) takes the detection away or lowers its confidence.
 */
class DpiEvidenceTest {

    @Test
    void citedBytesExistAndMaskingThemLowersTheConfidence() throws Exception {
        Path root = TestEnvironment.sharedData().resolve("protocol/ndpi");
        List<FlowSample> flows = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("core-set.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Path pcap = root.resolve("pcap").resolve(line.split("\t")[0]);
            if (Files.exists(pcap)) FlowTable.create(FlowLimits.defaults(), flows::add).read(pcap);
        }
        int detected = 0;
        int masked = 0;
        int lowered = 0;
        List<String> notLowered = new ArrayList<>();
        for (FlowSample flow : flows) {
            Optional<Detection> d = Dpi.classify(flow);
            if (d.isEmpty()) continue;
            detected++;
            List<ByteRange> cited = d.get().evidence().stream().flatMap(c -> c.reads().stream()).toList();
            for (ByteRange r : cited) {
                int available = flow.stream(r.direction(), Integer.MAX_VALUE).length;
                assertThat(r.offset() + r.length())
                        .as("%s cites %s beyond the %d bytes of that direction", d.get().label(), r, available)
                        .isLessThanOrEqualTo(available);
            }
            if (cited.stream().allMatch(r -> r.length() == 0)) continue;
            masked++;
            FlowSample m = mask(flow, cited);
            Optional<Detection> after = Dpi.classify(m);
            double before = d.get().confidence();
            double now = after.filter(a -> a.label().equals(d.get().label())).map(Detection::confidence).orElse(0.0);
            if (now < before) lowered++;
            else if (notLowered.size() < 10) notLowered.add(d.get().label() + " " + flow.a() + " " + flow.b() + " " + before + " -> " + now + ", cited " + cited);
        }
        System.out.printf("evidence: %d flows detected, %d cite bytes, masking lowered the confidence of %d%s%n",
                detected, masked, lowered, notLowered.isEmpty() ? "" : "; not lowered: " + notLowered);
        assertThat(detected).isGreaterThan(1000);
        assertThat(masked).isGreaterThanOrEqualTo(detected * 95 / 100);
        assertThat(lowered).isEqualTo(masked);
    }

    /** The flow with every cited byte replaced by its complement (so a cited zero does not stay zero), each byte once. */
    static FlowSample mask(FlowSample flow, List<ByteRange> cited) {
        List<Segment> out = new ArrayList<>();
        int[] position = new int[2];
        for (Segment s : flow.segments()) {
            int dir = s.direction() == Direction.A_TO_B ? 0 : 1;
            byte[] p = s.payload().clone();
            int start = position[dir];
            boolean[] hit = new boolean[p.length];
            for (ByteRange r : cited) {
                if (r.direction() != s.direction()) continue;
                for (int i = Math.max(r.offset(), start); i < Math.min(r.offset() + r.length(), start + p.length); i++) {
                    hit[i - start] = true;
                }
            }
            for (int i = 0; i < p.length; i++) if (hit[i]) p[i] = (byte) ~p[i];
            position[dir] += p.length;
            out.add(new Segment(s.direction(), s.timestampMicros(), s.wireLength(), p));
        }
        return new FlowSample(flow.l4(), flow.a(), flow.b(), flow.vlan(), out, flow.packets());
    }
}
