package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityCheckTest {
    static final TokenScorer SCORER = TokenScorer.of(new TokenScorer.Config(8, 50_000));

    @TempDir
    Path dir;

    @Test
    void thresholdsAreTheReferenceQuantiles() {
        List<TokenReport> ref = Synthetic.reports(SCORER, 1, 41, 100, 0.5, 5);
        Calibration c = QualityCheck.calibrate(ref, 0.95);
        double[] ppl = ref.stream().mapToDouble(TokenReport::perplexity).sorted().toArray();
        assertThat(c.thresholds().get(Statistic.PERPLEXITY)).isEqualTo(ppl[38]); // (41 - 1) * 0.95 = 38, an order statistic
        assertThat(c.thresholds()).containsKeys(Statistic.PERPLEXITY, Statistic.MAX_WINDOW_SURPRISAL, Statistic.MEAN_ENTROPY);
        assertThat(c.window()).isEqualTo(8);
        assertThat(c.references()).isEqualTo(41);
    }

    @Test
    void responsesLikeTheReferenceMostlyPass_responsesUnlikeItFail_withTheirReasons() {
        QualityCheck check = QualityCheck.of(QualityCheck.calibrate(Synthetic.reports(SCORER, 2, 200, 100, 0.5, 5), 0.99));
        List<QualityVerdict> like = Synthetic.reports(SCORER, 3, 100, 100, 0.5, 5).stream().map(check::check).toList();
        List<QualityVerdict> unlike = Synthetic.reports(SCORER, 4, 100, 100, 1.5, 5).stream().map(check::check).toList();
        long likePass = like.stream().filter(QualityVerdict::passed).count();
        long unlikeFail = unlike.stream().filter(v -> !v.passed()).count();
        assertThat(likePass).isGreaterThanOrEqualTo(90);
        assertThat(unlikeFail).isEqualTo(100);
        QualityVerdict f = unlike.getFirst();
        assertThat(f.status()).isEqualTo(QualityVerdict.Status.FAIL);
        assertThat(f.reasons()).anySatisfy(r -> assertThat(r).matches("perplexity \\S+ > \\S+, the reference's 0.99 quantile"));
        assertThat(like.stream().filter(QualityVerdict::passed).findFirst().orElseThrow().reasons()).isEmpty();
    }

    @Test
    void aSingleSpikeFailsOnTheWindowedSurprisalAlone() {
        QualityCheck check = QualityCheck.of(QualityCheck.calibrate(Synthetic.reports(SCORER, 5, 100, 200, 0.3, 0), 0.95));
        Random rnd = new Random(6);
        TokenScores base = Synthetic.response(rnd, 200, 0.3, 0);
        double[] lp = base.logprobs();
        for (int i = 100; i < 108; i++) lp[i] = -6; // eight tokens of p = 0.0025 in a row
        QualityVerdict v = check.check(SCORER.score(TokenScores.of(base.tokens(), lp)));
        assertThat(v.passed()).isFalse();
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith("maxWindowSurprisal "));
    }

    @Test
    void calibrationRoundTripsThroughJson_andAnEditedFileIsRefused() throws Exception {
        Calibration c = QualityCheck.calibrate(Synthetic.reports(SCORER, 7, 30, 50, 0.5, 3), 0.9);
        Path f = dir.resolve("cal.json");
        Files.writeString(f, c.toJson().toPrettyString());
        Calibration back = Calibration.read(f);
        assertThat(back).isEqualTo(c);
        assertThat(back.version()).isEqualTo(c.version()).hasSize(64);
        String edited = c.toJson().put("quantile", 0.5).toString();
        assertThatThrownBy(() -> Calibration.parse(edited, "cal.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match its content");
        assertThatThrownBy(() -> Calibration.parse("{\"format\": \"assay-token-calibration/v1\", \"quantile\": 2}", "cal.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> Calibration.parse(c.toJson().put("colour", 1).toString(), "cal.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("colour");
    }

    @Test
    void refusals_fewReferences_anotherWindow_entropyWithoutTopK() {
        assertThatThrownBy(() -> QualityCheck.calibrate(Synthetic.reports(SCORER, 8, 9, 50, 0.5, 3), 0.9))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> QualityCheck.calibrate(Synthetic.reports(SCORER, 8, 20, 50, 0.5, 3), 1.0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("quantile");
        QualityCheck check = QualityCheck.of(QualityCheck.calibrate(Synthetic.reports(SCORER, 9, 20, 50, 0.5, 3), 0.9));
        TokenReport other = TokenScorer.of(new TokenScorer.Config(4, 50_000)).score(Synthetic.response(new Random(1), 50, 0.5, 3));
        assertThatThrownBy(() -> check.check(other)).isInstanceOf(InvalidInputException.class).hasMessageContaining("window of 4 tokens");
        TokenReport bare = SCORER.score(Synthetic.response(new Random(1), 50, 0.5, 0));
        assertThatThrownBy(() -> check.check(bare)).isInstanceOf(InvalidInputException.class).hasMessageContaining("missing top-k");
    }

    @Test
    void withoutTopKTheEntropyIsNotGated() {
        Calibration c = QualityCheck.calibrate(Synthetic.reports(SCORER, 10, 20, 50, 0.5, 0), 0.9);
        assertThat(c.thresholds()).doesNotContainKey(Statistic.MEAN_ENTROPY);
    }
}
