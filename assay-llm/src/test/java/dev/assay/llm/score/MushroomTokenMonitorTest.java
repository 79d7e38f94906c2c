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
 * the outputs of the two other models are checked: the check passes some and flags others. Records of raw logits are
 * refused as such, all-negative ones (Falcon's, in English) included.
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
    void theEnglishFileIsRefusedAtItsFirstLine_whoseAllNegativeValuesAreRawLogits() {
        Path file = TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.en-val.v2.extra.jsonl");
        assertThatThrownBy(() -> ScoreInputs.read(file)).isInstanceOf(ScoreInputException.class)
                .hasMessageStartingWith(file + ":1: model_output_logits read as raw logits, not log-probabilities: their median is -8.467");
    }

    /**
     * The plausibility rule against every validation record: read as log-probabilities exactly where they are (the
     * Swedish file), refused as raw logits everywhere else, whether or not some value is positive. Prints each model's
     * range of per-record median values and the share of its values in [ln 1/2, 0] (a chosen token at probability 1/2 or more,
     * when they are log-probabilities).
     */
    @Test
    void everyValidationRecordIsReadAsLogProbabilitiesExactlyWhereItHoldsThem() {
        Path dir = TestEnvironment.sharedData().resolve("llm/mushroom-val");
        String[] langs = {"ar", "de", "en", "es", "fi", "fr", "hi", "it", "sv", "zh"};
        int read = 0;
        int refused = 0;
        for (String lang : langs) {
            Path file = dir.resolve("mushroom." + lang + "-val.v2.extra.jsonl");
            java.util.Map<String, List<double[]>> byModel = new java.util.TreeMap<>();
            List<MushroomRecord> records = Mushroom.read(file);
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (int i = 0; i < records.size(); i++) {
                MushroomRecord r = records.get(i);
                byModel.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(r.logits());
                String line = lines.get(i);
                if (lang.equals("sv")) {
                    assertThat(ScoreInputs.parse(line, i + 1, "sv").scores().size()).isEqualTo(r.logits().length);
                    read++;
                } else {
                    assertThatThrownBy(() -> ScoreInputs.parse(line, 1, lang)).isInstanceOf(ScoreInputException.class)
                            .extracting(e -> ((ScoreInputException) e).problem()).isEqualTo(ScoreInputException.Problem.RAW_LOGITS);
                    refused++;
                }
            }
            for (var e : byModel.entrySet()) {
                double[] medians = e.getValue().stream().mapToDouble(MushroomTokenMonitorTest::median).sorted().toArray();
                long tokens = e.getValue().stream().mapToLong(v -> v.length).sum();
                long likely = e.getValue().stream().flatMapToDouble(java.util.Arrays::stream).filter(x -> x >= Math.log(0.5) && x <= 1e-4).count();
                long positive = e.getValue().stream().filter(v -> java.util.Arrays.stream(v).anyMatch(x -> x > 1e-4)).count();
                System.out.printf(java.util.Locale.ROOT, "%s %-48s records %3d (with a value > 0: %3d)  record medians %9.3f .. %9.3f  values in [ln 1/2, 0]: %5.1f%%%n",
                        lang, e.getKey(), e.getValue().size(), positive, medians[0], medians[medians.length - 1], 100.0 * likely / tokens);
            }
        }
        assertThat(read).isEqualTo(49);
        assertThat(refused).isEqualTo(450);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
