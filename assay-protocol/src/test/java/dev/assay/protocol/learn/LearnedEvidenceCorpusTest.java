package dev.assay.protocol.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped model (trained outside the core set) on the core set's captures: its answers, and that masking
 * (complementing) the payload bytes its evidence cites lowers the probability of its answer.
 */
class LearnedEvidenceCorpusTest {
    private static final Pattern CITED = Pattern.compile("\\((a>b|b>a) (\\d+)\\+1\\)");

    @Test
    void maskingTheBytesTheShippedModelCitesLowersItsConfidenceOnTheCoreSet() throws Exception {
        Path root = TestEnvironment.sharedData().resolve("protocol/ndpi");
        LearnedModel model = LearnedModel.shipped();
        LearnedStage stage = new LearnedStage(model);
        int named = 0;
        int correct = 0;
        int citingBytes = 0;
        int lowered = 0;
        List<String> notLowered = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("core-set.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String name = line.split("\t")[0];
            Path result = root.resolve("result").resolve(name + ".out");
            if (!Files.exists(result)) continue;
            for (LabelledFlow f : LabelledFlow.fromNdpi(root.resolve("pcap").resolve(name), result, FlowLimits.defaults())) {
                Optional<Classification> c = stage.apply(f.flow());
                if (c.isEmpty()) continue;
                named++;
                if (c.get().master().equals(f.label())) correct++;
                FlowSample masked = f.flow();
                for (String e : c.get().evidence()) {
                    Matcher m = CITED.matcher(e);
                    if (m.find()) masked = SyntheticFlows.complemented(masked, m.group(1).equals("a>b") ? Direction.A_TO_B : Direction.B_TO_A, Integer.parseInt(m.group(2)));
                }
                if (masked == f.flow()) continue;
                citingBytes++;
                double before = model.probability(FlowFeatures.of(f.flow()), c.get().label());
                double after = model.probability(FlowFeatures.of(masked), c.get().label());
                if (after < before) lowered++;
                else notLowered.add(name + " " + f.flow().a() + " " + c.get().label() + " " + before + " -> " + after);
            }
        }
        System.out.printf("core set, shipped model alone: %d flows named, %d as nDPI names them; %d cite bytes, masking them lowers the confidence of %d%n",
                named, correct, citingBytes, lowered);
        assertThat(named).isGreaterThan(500);
        assertThat((double) correct / named).isGreaterThanOrEqualTo(0.95);
        assertThat(citingBytes).isGreaterThan(named / 2);
        assertThat(notLowered).as("answers whose cited bytes, masked, did not lower the confidence").isEmpty();
    }
}
