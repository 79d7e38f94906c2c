package dev.assay.protocol.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classifier against nDPI's trusted labels on the core set's captures (a regression floor; the figures and the
 * comparison with ndpiReader are in BENCHMARKS, from {@code NdpiComparison}).
 */
class CoreSetAccuracyTest {

    @Test
    void theCoreSetsTrustedFlowsAreNamedAsNdpiNamesThem() throws Exception {
        Path root = TestEnvironment.sharedData().resolve("protocol/ndpi");
        Classifier classifier = Classifier.standard();
        int flows = 0;
        int correct = 0;
        int wrong = 0;
        for (String line : Files.readAllLines(root.resolve("core-set.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String name = line.split("\t")[0];
            Path result = root.resolve("result").resolve(name + ".out");
            if (!Files.exists(result)) continue;
            Map<String, Classification> ours = new HashMap<>();
            FlowTable.create(FlowLimits.defaults(), f -> ours.putIfAbsent(NdpiResults.matchKey(f.l4().name(), f.a(), f.b()), classifier.classify(f)))
                    .read(root.resolve("pcap").resolve(name));
            for (NdpiFlow e : NdpiResults.trusted(NdpiResults.read(result))) {
                flows++;
                Classification c = ours.get(NdpiResults.matchKey(e.l4(), e.endpointA(), e.endpointB()));
                if (c == null || c.label().equals(Classification.UNKNOWN)) continue;
                if (c.master().equals(e.master())) correct++;
                else wrong++;
            }
        }
        System.out.printf("core set: %d trusted flows, %d named as nDPI names them, %d otherwise%n", flows, correct, wrong);
        assertThat(flows).isGreaterThan(1000);
        assertThat((double) correct / flows).isGreaterThanOrEqualTo(0.95);
        assertThat((double) wrong / flows).isLessThanOrEqualTo(0.01);
    }
}
