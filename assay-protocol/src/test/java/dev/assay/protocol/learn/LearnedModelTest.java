package dev.assay.protocol.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.flow.FlowSample;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LearnedModelTest {
    static final TrainingParams PARAMS = new TrainingParams(30, 3, 0.3, 20, 4, 0.8, 0.5, 7);
    static LearnedModel model;

    @BeforeAll
    static void train() {
        model = LearnedModel.train(SyntheticFlows.corpus(10, 15, 3), PARAMS);
    }

    @Test
    void rareProtocolsAreMergedAndEveryFlowIsJudgedOutOfFold() {
        assertThat(model.labels()).containsExactly(LearnedModel.OTHER, "ALPHA", "BETA");
        Provenance p = model.provenance();
        assertThat(p.files()).isEqualTo(10);
        assertThat(p.flows()).isEqualTo(10 * 34);
        assertThat(p.heldOutCorrect() + p.heldOutWrong() + p.heldOutUnknown()).isEqualTo(p.flows());
        assertThat(p.heldOutCorrect()).as("ALPHA and BETA flows named right by trees that never saw their file").isGreaterThanOrEqualTo(10 * 30 * 95 / 100);
        assertThat(model.temperature()).isBetween(OpenSet.MIN_TEMPERATURE, OpenSet.MAX_TEMPERATURE);
        assertThat(model.threshold()).isGreaterThanOrEqualTo(PARAMS.minThreshold());
    }

    @Test
    void namesFlowsOfTheLearnedProtocolsThatTheValidatorsCannot() {
        Random r = new Random(99);
        Classifier balanced = Classifier.balanced(model);
        for (int i = 0; i < 50; i++) {
            for (var c : List.of(new Object[] {SyntheticFlows.alpha(r), "ALPHA"}, new Object[] {SyntheticFlows.beta(r), "BETA"})) {
                FlowSample flow = (FlowSample) c[0];
                assertThat(Classifier.standard().classify(flow).label()).isEqualTo(Classification.UNKNOWN);
                Classification got = balanced.classify(flow);
                assertThat(got.label()).isEqualTo(c[1]);
                assertThat(got.source()).isEqualTo(Source.LEARNED);
                assertThat(got.confidence()).isGreaterThanOrEqualTo(model.threshold());
                assertThat(got.evidence()).hasSizeGreaterThan(1);
                assertThat(got.evidence().get(0)).contains("runner-up").contains("margin").contains("packets");
            }
        }
    }

    @Test
    void randomBytesAreUnknown() {
        Random r = new Random(123);
        LearnedStage stage = new LearnedStage(model);
        int named = 0;
        for (int i = 0; i < 200; i++) if (stage.apply(SyntheticFlows.random(r)).isPresent()) named++;
        assertThat(named).as("random flows the model names").isLessThanOrEqualTo(10);
    }

    @Test
    void aSavedModelPredictsExactlyAsTheOriginal() throws Exception {
        byte[] file = ModelArtifact.bytes(model);
        LearnedModel loaded = LearnedModel.read(new ByteArrayInputStream(file), "model");
        assertThat(loaded.labels()).isEqualTo(model.labels());
        assertThat(loaded.temperature()).isEqualTo(model.temperature());
        assertThat(loaded.threshold()).isEqualTo(model.threshold());
        assertThat(loaded.provenance()).isEqualTo(model.provenance());
        Random r = new Random(5);
        for (int i = 0; i < 60; i++) {
            float[] x = FlowFeatures.of(i % 3 == 0 ? SyntheticFlows.alpha(r) : i % 3 == 1 ? SyntheticFlows.beta(r) : SyntheticFlows.random(r));
            assertThat(loaded.predict(x).margins()).isEqualTo(model.predict(x).margins());
            assertThat(loaded.contributions(x)).isEqualTo(model.contributions(x));
        }
        assertThat(file.length).isLessThan(200_000);
    }

    @Test
    void theSameFlowsAndSeedGiveTheSameModelFile() {
        LearnedModel again = LearnedModel.train(SyntheticFlows.corpus(10, 15, 3), PARAMS);
        assertThat(ModelArtifact.bytes(again)).isEqualTo(ModelArtifact.bytes(model));
    }

    @Test
    void contributionsAndBiasAddUpToEachClasssMargin() {
        Random r = new Random(8);
        for (int i = 0; i < 30; i++) {
            float[] x = FlowFeatures.of(i % 2 == 0 ? SyntheticFlows.alpha(r) : SyntheticFlows.random(r));
            float[] margins = model.predict(x).margins();
            float[][] contrib = model.contributions(x);
            for (int c = 0; c < margins.length; c++) {
                double sum = 0;
                for (float v : contrib[c]) sum += v;
                assertThat(sum).isCloseTo(margins[c], within(1e-3));
            }
        }
    }

    private static final Pattern CITED = Pattern.compile("\\((a>b|b>a) (\\d+)\\+1\\)");

    @Test
    void maskingTheCitedBytesLowersTheConfidence() {
        Random r = new Random(77);
        LearnedStage stage = new LearnedStage(model);
        int flowsWithBytes = 0;
        for (int i = 0; i < 40; i++) {
            FlowSample flow = i % 2 == 0 ? SyntheticFlows.alpha(r) : SyntheticFlows.beta(r);
            Classification c = stage.apply(flow).orElseThrow();
            FlowSample masked = flow;
            List<String> cited = new ArrayList<>();
            for (String line : c.evidence()) {
                Matcher m = CITED.matcher(line);
                if (!m.find()) continue;
                cited.add(m.group());
                var d = m.group(1).equals("a>b") ? dev.assay.protocol.flow.Direction.A_TO_B : dev.assay.protocol.flow.Direction.B_TO_A;
                masked = SyntheticFlows.complemented(masked, d, Integer.parseInt(m.group(2)));
            }
            if (cited.isEmpty()) continue;
            flowsWithBytes++;
            double before = model.probability(FlowFeatures.of(flow), c.label());
            double after = model.probability(FlowFeatures.of(masked), c.label());
            assertThat(after).as("%s after masking %s", c.label(), cited).isLessThan(before);
        }
        assertThat(flowsWithBytes).isGreaterThan(30);
    }

    @Test
    void theShippedModelLoadsWithItsProvenance() {
        LearnedModel shipped = LearnedModel.shipped();
        assertThat(shipped.labels()).contains(LearnedModel.OTHER, "TLS", "DNS", "HTTP", "QUIC");
        assertThat(shipped.provenance().params()).isEqualTo(TrainingParams.defaults(shipped.provenance().params().seed()));
        assertThat(shipped.provenance().files()).isGreaterThan(300);
        assertThat(shipped.threshold()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aStructuralMatchIsNeverOverruledByTheModel() {
        byte[] query = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
        var flow = SyntheticFlows.flow(dev.assay.protocol.flow.Transport.UDP, 50_000, 53,
                List.of(SyntheticFlows.segment(dev.assay.protocol.flow.Direction.A_TO_B, 1, query)));
        Classification standard = Classifier.standard().classify(flow);
        assertThat(standard.source()).isEqualTo(Source.DPI);
        assertThat(Classifier.balanced(model).classify(flow)).isEqualTo(standard);
    }

    @Test
    void refusesDamagedFilesNamingTheProblem() {
        byte[] good = ModelArtifact.bytes(model);
        assertThatThrownBy(() -> LearnedModel.read(new ByteArrayInputStream("not a model".getBytes()), "x.aplm"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x.aplm is not a protocol model file");
        assertThatThrownBy(() -> LearnedModel.read(new ByteArrayInputStream(java.util.Arrays.copyOf(good, good.length / 2)), "x.aplm"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x.aplm");
    }

    @Test
    void refusesTrainingThatCannotBeHeldOutOrSeparated() {
        var one = SyntheticFlows.corpus(1, 30, 1);
        assertThatThrownBy(() -> LearnedModel.train(one, PARAMS)).isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 4 capture files");
        var alphaOnly = SyntheticFlows.corpus(4, 30, 1).stream().filter(f -> f.label().equals("ALPHA")).toList();
        assertThatThrownBy(() -> LearnedModel.train(alphaOnly, PARAMS)).isInstanceOf(InvalidInputException.class).hasMessageContaining("two classes");
    }
}
