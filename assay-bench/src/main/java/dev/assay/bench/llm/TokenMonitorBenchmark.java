package dev.assay.bench.llm;

import dev.assay.llm.score.Calibration;
import dev.assay.models.chat.ChatResponse;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.QualityVerdict;
import dev.assay.llm.score.ScoreCache;
import dev.assay.llm.score.ScoreInputs;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The token monitor's overhead for one response of 500 tokens with top-5 log-probabilities (target &lt; 1 ms), one
 * thread. The response is seeded: surprisals exponential with mean 0.5 nats, alternatives below the chosen token.
 * <ul>
 *   <li>{@code score}: {@link TokenScorer#score} of validated scores (default window and vocabulary);</li>
 *   <li>{@code validateScoreCheck}: building {@link TokenScores} from the arrays (every check), scoring and the
 *       calibrated quality check: what a service adds per response it already holds in memory;</li>
 *   <li>{@code chatResponseScoreCheck}: the same from a {@link ChatResponse} as the chat client returns it (per-token
 *       log-probabilities with their alternatives): the monitor's overhead on a response the service received;</li>
 *   <li>{@code parseScoreCheck}: the same from the response's JSON text (an OpenAI chat completion, 70 kB);</li>
 *   <li>{@code cachedScore}: a result cache hit (the SHA-256 key over every input, then the lookup).</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar TokenMonitorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenMonitorBenchmark {
    static final int TOKENS = 500;
    static final int TOP_K = 5;

    List<String> tokens;
    double[] logprobs;
    double[][] top;
    TokenScores scores;
    String json;
    TokenScorer scorer;
    QualityCheck check;
    ScoreCache cache;
    ChatResponse response;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        scorer = TokenScorer.defaults();
        List<TokenReport> reference = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            makeResponse(rnd);
            reference.add(scorer.score(new TokenScores(tokens, logprobs, top)));
        }
        Calibration cal = QualityCheck.calibrate(reference, 0.95);
        check = QualityCheck.of(cal);
        cache = ScoreCache.of(scorer, check, 1000);
        makeResponse(rnd);
        scores = new TokenScores(tokens, logprobs, top);
        json = completionJson();
        List<ChatResponse.TokenLogprob> lp = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            List<ChatResponse.Alternative> alts = new ArrayList<>();
            for (int j = 0; j < TOP_K; j++) alts.add(new ChatResponse.Alternative(j == 0 ? tokens.get(i) : " alt" + j, top[i][j]));
            lp.add(new ChatResponse.TokenLogprob(tokens.get(i), logprobs[i], alts));
        }
        response = new ChatResponse("chatcmpl-bench", "m", String.join("", tokens), List.of(), "stop", Optional.empty(), lp);
        System.out.printf("%n%d tokens, top-%d, JSON %d characters%n", TOKENS, TOP_K, json.length());
    }

    private void makeResponse(Random rnd) {
        tokens = new ArrayList<>(TOKENS);
        logprobs = new double[TOKENS];
        top = new double[TOKENS][TOP_K];
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(" tok" + rnd.nextInt(50_000));
            double lp = 0.5 * Math.log(1 - rnd.nextDouble());
            logprobs[i] = lp;
            top[i][0] = lp;
            double left = 1 - Math.exp(lp);
            for (int j = 1; j < TOP_K; j++) {
                double p = Math.min(Math.exp(top[i][j - 1]), left * rnd.nextDouble() * 0.5);
                top[i][j] = Math.log(Math.max(p, 1e-12));
                left -= p;
            }
        }
    }

    private String completionJson() {
        StringBuilder b = new StringBuilder("{\"id\": \"chatcmpl-bench\", \"object\": \"chat.completion\", \"model\": \"m\", \"choices\": [{\"index\": 0,"
                + " \"message\": {\"role\": \"assistant\", \"content\": \"" + String.join("", tokens) + "\"}, \"logprobs\": {\"content\": [");
        for (int i = 0; i < TOKENS; i++) {
            if (i > 0) b.append(", ");
            b.append("{\"token\": \"").append(tokens.get(i)).append("\", \"logprob\": ").append(String.format(Locale.ROOT, "%.8f", logprobs[i]))
                    .append(", \"top_logprobs\": [");
            for (int j = 0; j < TOP_K; j++) {
                if (j > 0) b.append(", ");
                b.append("{\"token\": \"").append(j == 0 ? tokens.get(i) : " alt" + j).append("\", \"logprob\": ")
                        .append(String.format(Locale.ROOT, "%.8f", top[i][j])).append('}');
            }
            b.append("]}");
        }
        return b.append("]}, \"finish_reason\": \"stop\"}]}").toString();
    }

    @Benchmark
    public TokenReport score() {
        return scorer.score(scores);
    }

    @Benchmark
    public QualityVerdict validateScoreCheck() {
        return check.check(scorer.score(new TokenScores(tokens, logprobs, top)));
    }

    @Benchmark
    public QualityVerdict chatResponseScoreCheck() {
        return check.check(scorer.score(TokenScores.of(response)));
    }

    @Benchmark
    public QualityVerdict parseScoreCheck() {
        return check.check(scorer.score(ScoreInputs.parse(json, 1, "bench:1").scores()));
    }

    @Benchmark
    public ScoreCache.Scored cachedScore() {
        return cache.score(scores);
    }
}
