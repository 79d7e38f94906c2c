package dev.assay.cli.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.llm.score.Calibration;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.QualityVerdict;
import dev.assay.llm.score.ScoreInputs;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay llm score FILE [--calibrate REF | --calibration CAL] [--window N] [--json]}: the token monitor on recorded responses. */
@Command(name = "score", description = {"Score every response of RESPONSES.jsonl from its per-token log-probabilities and print one report per response:",
        "perplexity exp(mean NLL), the mean of 1/p (labelled as such, never called perplexity), the largest token surprisal, the",
        "largest mean surprisal over any window of --window tokens, the cumulative surprise (sum of surprisals, nats), and, when",
        "top-k log-probabilities are given, lower and upper bounds of the next-token entropy (the tail mass outside the top k",
        "bounded: packed into as few tokens as the k-th token's probability allows, or spread over the rest of --vocabulary)",
        "and the log-probability gap between the two most likely tokens.",
        "Lines are JSON objects of either shape, told apart by their fields: Mu-SHROOM records (model_output_tokens and",
        "model_output_logits; read as log-probabilities only when --values logprobs says so or when they plausibly are: none",
        "above 0 and a median chosen-token probability of at least 0.1; other records are raw logits and refused) or OpenAI",
        "chat completion responses (choices[0].logprobs.content[*] with token, logprob and top_logprobs; the tokens must spell",
        "message.content, apart from whitespace at either end, trailing special tokens and, with finish_reason length, one",
        "missing final token).",
        "With --calibrate REF or --calibration CAL, each response is also checked: it FAILs when its perplexity, largest",
        "windowed surprisal or mean entropy (lower bound, when top-k is given) exceeds the --quantile of the same statistic",
        "over the reference responses, and the reasons name each statistic and threshold."},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm score ../shared/data/llm/mushroom-val/mushroom.sv-val.v2.extra.jsonl",
                "  assay llm score today.jsonl --calibrate last-week.jsonl --quantile 0.99 --save-calibration cal.json",
                "  assay llm score today.jsonl --calibration cal.json --json",
                "  assay llm score falcon-logprobs.jsonl --values logprobs",
                ExitCodes.HELP,
                "  0   scored; with a check, every response passed",
                "  1   with a check, at least one response failed it",
                "  2   bad usage or input (a bad line is named by file and line number): one line on stderr says what",
                ExitCodes.HELP_INTERNAL})
public final class ScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RESPONSES.jsonl", description = "The responses, one JSON object per line")
    Path file;

    @Option(names = "--calibrate", paramLabel = "REF.jsonl", description = "Reference responses to calibrate the quality check on (at least "
            + QualityCheck.MIN_REFERENCES + ")")
    Path reference;

    @Option(names = "--calibration", paramLabel = "CAL.json", description = "A calibration written by --save-calibration")
    Path calibrationFile;

    @Option(names = "--save-calibration", paramLabel = "OUT.json", description = "Write the calibration made by --calibrate here")
    Path saveCalibration;

    @Option(names = "--quantile", paramLabel = "Q", defaultValue = "" + QualityCheck.DEFAULT_QUANTILE,
            description = "Quantile of the reference statistics used as thresholds by --calibrate, in (0, 1)")
    double quantile;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + TokenScorer.DEFAULT_WINDOW,
            description = "Tokens per window of the windowed surprisal (a --calibration file fixes its own)")
    int window;

    @Option(names = "--vocabulary", paramLabel = "V", defaultValue = "" + TokenScorer.DEFAULT_VOCABULARY_SIZE,
            description = "The model's vocabulary size, for the entropy's upper bound (a --calibration file fixes its own)")
    long vocabulary;

    @Mixin
    ValuesOption values;

    @Option(names = "--json", description = "One JSON object per response instead of the table")
    boolean json;

    @Option(names = "--per-token", description = "With --json, add the per-token arrays (surprisal, cumulative surprise, window means, entropy bounds, gaps)")
    boolean perToken;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        var parsed = spec.commandLine().getParseResult();
        if (reference != null && calibrationFile != null) throw usage("--calibrate and --calibration exclude each other");
        if (saveCalibration != null && reference == null) throw usage("--save-calibration needs --calibrate");
        if (parsed.hasMatchedOption("--quantile") && reference == null) throw usage("--quantile needs --calibrate");
        if (perToken && !json) throw usage("--per-token needs --json");
        if (window < 1 || window > TokenScorer.MAX_WINDOW) throw usage("--window must be 1 to " + TokenScorer.MAX_WINDOW + ", but was " + window);
        if (vocabulary < 2 || vocabulary > TokenScorer.MAX_VOCABULARY_SIZE)
            throw usage("--vocabulary must be 2 to " + TokenScorer.MAX_VOCABULARY_SIZE + ", but was " + vocabulary);
        if (!(quantile > 0 && quantile < 1)) throw usage("--quantile must be in (0, 1), but was " + quantile);
        ScoreInputs.Values read = values.parse(spec);
        if (saveCalibration != null) OutputFile.check(saveCalibration, "--save-calibration");
        TokenScorer.Config config = new TokenScorer.Config(window, vocabulary);
        QualityCheck check = null;
        if (calibrationFile != null) {
            Calibration c = Calibration.read(calibrationFile);
            if (parsed.hasMatchedOption("--window") && window != c.window())
                throw usage("--window " + window + " differs from the calibration's window of " + c.window() + " tokens");
            if (parsed.hasMatchedOption("--vocabulary") && vocabulary != c.vocabularySize())
                throw usage("--vocabulary " + vocabulary + " differs from the calibration's " + c.vocabularySize());
            config = c.scorerConfig();
            check = QualityCheck.of(c);
        }
        TokenScorer scorer = TokenScorer.of(config);
        if (reference != null) {
            List<TokenReport> refs = new ArrayList<>();
            for (ScoreInputs.Input in : ScoreInputs.read(reference, read)) refs.add(scorer.score(in.scores()));
            Calibration c = QualityCheck.calibrate(refs, quantile);
            check = QualityCheck.of(c);
            if (saveCalibration != null)
                OutputFile.write(saveCalibration, "--save-calibration",
                        (c.toJson().toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<ScoreInputs.Input> inputs = ScoreInputs.read(file, read);
        PrintWriter o = ctx.out();
        int failed = 0;
        if (!json) {
            o.printf(Locale.ROOT, "%-5s  %-20s  %6s  %10s  %12s  %8s  %8s  %9s  %-15s%s%n", "line", "id", "tokens", "perplexity", "mean 1/p", "max s",
                    "max win", "total s", "entropy", check == null ? "" : "  quality");
        }
        for (ScoreInputs.Input in : inputs) {
            TokenReport r = scorer.score(in.scores());
            QualityVerdict v = check == null ? null : check.check(r);
            if (v != null && !v.passed()) failed++;
            if (json) {
                ObjectNode n = JSON.createObjectNode();
                n.put("id", in.id());
                n.put("line", in.line());
                n.put("format", in.format().name().toLowerCase(Locale.ROOT));
                n.set("report", r.toJson(perToken));
                if (v != null) n.set("quality", v.toJson());
                o.println(JSON.writeValueAsString(n));
            } else {
                String entropy = r.hasEntropy() ? String.format(Locale.ROOT, "%.3f..%.3f", r.entropy().meanLower(), r.entropy().meanUpper()) : "-";
                o.printf(Locale.ROOT, "%-5d  %-20s  %6d  %10.4f  %12s  %8.3f  %8.3f  %9.2f  %-15s%s%n", in.line(), clip(in.id(), 20), r.tokens(),
                        r.perplexity(), number(r.meanInverseProbability()), r.maxSurprisal(), r.maxWindowSurprisal(), r.totalSurprisal(), entropy,
                        v == null ? "" : "  " + v.status() + (v.passed() ? "" : " (" + String.join("; ", v.reasons()) + ")"));
            }
        }
        if (!json) {
            o.printf(Locale.ROOT, "%d responses scored (window %d tokens; surprisal in nats; entropy: mean lower..upper bound per token)%n",
                    inputs.size(), config.window());
            if (check != null) {
                Calibration c = check.calibration();
                StringBuilder t = new StringBuilder();
                for (var e : c.thresholds().entrySet())
                    t.append(t.isEmpty() ? "" : ", ").append(e.getKey().key()).append(" <= ").append(String.format(Locale.ROOT, "%.4g", e.getValue()));
                o.printf(Locale.ROOT, "quality: %d passed, %d failed; thresholds at the %s quantile of %d reference responses (%s), calibration %s%n",
                        inputs.size() - failed, failed, c.quantile(), c.references(), t, check.version().substring(0, 12));
            }
        }
        if (saveCalibration != null && !json) o.printf(Locale.ROOT, "calibration written to %s%n", saveCalibration);
        o.flush();
        return failed > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String number(double v) {
        if (Double.isInfinite(v)) return "inf";
        return v < 1e6 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
