package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCacheTest {
    static final TokenScorer SCORER = TokenScorer.of(new TokenScorer.Config(8, 50_000));

    @Test
    void theSameInputsHit_andTheCachedResultIsTheComputedOne() {
        ScoreCache cache = ScoreCache.of(SCORER, 100);
        TokenScores s = Synthetic.response(new Random(1), 50, 0.5, 5);
        ScoreCache.Scored first = cache.score(s);
        ScoreCache.Scored again = cache.score(new TokenScores(s.tokens(), s.logprobs(), s.top()));
        assertThat(again).isSameAs(first);
        assertThat(again.report()).isEqualTo(SCORER.score(s));
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void everyInputIsInTheKey() {
        TokenScores s = Synthetic.response(new Random(2), 20, 0.5, 3);
        Calibration cal = QualityCheck.calibrate(Synthetic.reports(SCORER, 3, 20, 20, 0.5, 3), 0.9);
        Calibration cal2 = QualityCheck.calibrate(Synthetic.reports(SCORER, 3, 20, 20, 0.5, 3), 0.8);
        String base = ScoreCache.of(SCORER, 10).key(s);
        List<String> tokens = new java.util.ArrayList<>(s.tokens());
        tokens.set(3, tokens.get(3) + "x");
        double[] lp = s.logprobs();
        lp[5] -= 1e-9;
        double[][] top = s.top();
        top[7][2] -= 1e-9;
        assertThat(List.of(
                ScoreCache.of(SCORER, 10).key(new TokenScores(tokens, s.logprobs(), s.top())),
                ScoreCache.of(SCORER, 10).key(new TokenScores(s.tokens(), lp, s.top())),
                ScoreCache.of(SCORER, 10).key(new TokenScores(s.tokens(), s.logprobs(), top)),
                ScoreCache.of(SCORER, 10).key(new TokenScores(s.tokens(), s.logprobs(), null)),
                ScoreCache.of(TokenScorer.of(new TokenScorer.Config(9, 50_000)), 10).key(s),
                ScoreCache.of(TokenScorer.of(new TokenScorer.Config(8, 50_001)), 10).key(s),
                ScoreCache.of(SCORER, QualityCheck.of(cal), 10).key(s),
                ScoreCache.of(SCORER, QualityCheck.of(cal2), 10).key(s)))
                .doesNotContain(base).doesNotHaveDuplicates();
        assertThat(ScoreCache.of(SCORER, 10).key(new TokenScores(s.tokens(), s.logprobs(), s.top()))).isEqualTo(base);
    }

    @Test
    void tokenBoundariesAreInTheKey() {
        TokenScores ab = TokenScores.of(List.of("ab", "c"), new double[] {-1, -1});
        TokenScores a = TokenScores.of(List.of("a", "bc"), new double[] {-1, -1});
        assertThat(ScoreCache.of(SCORER, 10).key(ab)).isNotEqualTo(ScoreCache.of(SCORER, 10).key(a));
    }

    @Test
    void aCheckedCacheCarriesTheVerdict() {
        QualityCheck check = QualityCheck.of(QualityCheck.calibrate(Synthetic.reports(SCORER, 4, 20, 20, 0.5, 3), 0.9));
        ScoreCache.Scored r = ScoreCache.of(SCORER, check, 10).score(Synthetic.response(new Random(5), 20, 0.5, 3));
        assertThat(r.verdict()).isPresent();
        assertThat(r.verdict().get().calibrationVersion()).isEqualTo(check.version());
    }
}
