package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token monitor on real model outputs: the Swedish Mu-SHROOM validation records (GPT-SW3, Poro, Viking; true
 * log-probabilities of the chosen tokens). Poro's 16 outputs are the reference traffic, calibrated at the 0.9 quantile;
 * the outputs of the two other models are checked: the check passes some and flags others. Files of raw logits (English: Mistral, Pythia) are refused, naming the line.
 */
class MushroomTokenMonitorTest {
    @Test
    void swedishOutputs_aQuantileCalibratedCheckFlagsSomeAndPassesOthers() {
        Path file = TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.sv-val.v2.extra.jsonl");
        List<ScoreInputs.Input> in = ScoreInputs.read(file);
        assertThat(in).hasSize(49).allMatch(i -> i.format() == ScoreInputs.Format.MUSHROOM);
        TokenScorer scorer = TokenScorer.of(TokenScorer.Config.defaults().withWindow(8));
        List<TokenReport> reference = new ArrayList<>();
        List<TokenReport> checked = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (MushroomRecord r : Mushroom.read(file)) models.add(r.modelId());
        for (int i = 0; i < in.size(); i++) (models.get(i).equals("LumiOpen/Poro-34B-chat") ? reference : checked).add(scorer.score(in.get(i).scores()));
        assertThat(reference).hasSize(16);
        Calibration cal = QualityCheck.calibrate(reference, 0.9);
        assertThat(cal.thresholds()).containsOnlyKeys(Statistic.PERPLEXITY, Statistic.MAX_WINDOW_SURPRISAL);
        QualityCheck check = QualityCheck.of(cal);
        List<QualityVerdict> verdicts = checked.stream().map(check::check).toList();
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        System.out.printf("sv: %d Poro outputs as reference, %d outputs of GPT-SW3 and Viking checked, %d flagged at the 0.9 quantile (perplexity <= %.4f, max window surprisal <= %.4f)%n",
                reference.size(), checked.size(), failed, cal.thresholds().get(Statistic.PERPLEXITY), cal.thresholds().get(Statistic.MAX_WINDOW_SURPRISAL));
        assertThat(failed).isPositive().isLessThan(checked.size());
        for (QualityVerdict v : verdicts) {
            if (!v.passed()) assertThat(v.reasons()).allMatch(r -> r.endsWith("the reference's 0.9 quantile"));
        }
        // the mean of 1/p is never below the perplexity, and the design's name for it is not the perplexity
        assertThat(checked).allMatch(r -> r.meanInverseProbability() >= r.perplexity() - 1e-12);
    }

    @Test
    void rawLogitRecordsAreRefusedWithTheirLine() {
        Path file = TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.en-val.v2.extra.jsonl");
        assertThatThrownBy(() -> ScoreInputs.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageMatching(".*mushroom.en-val.v2.extra.jsonl:\\d+: model_output_logits\\[\\d+\\] is .*, positive: the record holds raw logits.*");
    }
}
