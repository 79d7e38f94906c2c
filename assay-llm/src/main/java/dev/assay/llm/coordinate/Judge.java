package dev.assay.llm.coordinate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatMessage;
import dev.assay.models.chat.ChatRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An LLM judge of answers to a task, at temperature 0, in two modes.
 * <ul>
 *   <li>{@link #rate Rating}: one answer on its own, with the task's reference answer when it has one; the judge must
 *       reply with exactly {@code {"score": 0..10}}. Every answer is graded by the same instructions, so ratings of
 *       different answers are on one scale: this is what coordination quality is measured with.
 *   <li>{@link #compare Comparison}: two answers, asked twice with the answers in both orders (X as A and Y as B, then
 *       Y as A and X as B), so a judge that favours a position cannot decide it: the verdicts must name the same
 *       answer, or the comparison is a tie. The judge must reply with exactly
 *       {@code {"winner": "A"|"B"|"tie", "score_a": 0..10, "score_b": 0..10}}. Best-of-n baselines pick with it.
 * </ul>
 * A reply that is not exactly the required JSON object (nothing around it, no other or repeated keys, scores numbers
 * in [0, 10]) is asked for once more, and a second one throws {@link JudgeException}. Thread-safe.
 */
public final class Judge {
    /** Highest score the judge gives. */
    public static final double MAX_SCORE = 10;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> KEYS = Set.of("winner", "score_a", "score_b");
    private static final Set<String> RATING_KEYS = Set.of("score");

    private final ChatClient client;
    private final String model;
    private final AtomicLong calls = new AtomicLong();

    private Judge(ChatClient client, String model) {
        this.client = Objects.requireNonNull(client, "client");
        if (model == null || model.isBlank()) throw new InvalidInputException("the judge needs a model name");
        this.model = model;
    }

    /** A judge asking {@code model} through {@code client}. */
    public static Judge of(ChatClient client, String model) {
        return new Judge(client, model);
    }

    /** Which answer won a comparison. */
    public enum Winner { FIRST, SECOND, TIE }

    /** One verdict as the judge gave it, in its own A / B terms. */
    record Verdict(String winner, double scoreA, double scoreB) {}

    /**
     * The outcome of comparing {@code first} with {@code second} in both orders.
     *
     * @param winner      the answer both orders preferred, or TIE when they did not agree
     * @param firstScore  {@code first}'s mean score over the two orders, in [0, 1] ({@link #MAX_SCORE} is 1)
     * @param secondScore {@code second}'s, likewise
     * @param calls       judge calls made, retries included
     */
    public record Comparison(Winner winner, double firstScore, double secondScore, long calls) {}

    /**
     * A rating of one answer.
     *
     * @param score the judge's score over {@link #MAX_SCORE}, in [0, 1]
     * @param calls judge calls made, a retry included
     */
    public record Rating(double score, long calls) {}

    /** What a cache of judged results must be keyed by: the judge's model and the version of its instructions. */
    public String version() {
        return "judge-v" + Prompts.VERSION + "/" + model;
    }

    /** Rates {@code answer} as an answer to {@code task} on its own (with the task's reference when it has one). */
    public Rating rate(Task task, String answer) {
        long[] made = new long[1];
        double score = ask(Prompts.RATE_SYSTEM, Prompts.rate(task, answer), Judge::parseRating, made);
        return new Rating(score / MAX_SCORE, made[0]);
    }

    /** Compares {@code first} with {@code second} as answers to {@code task}. */
    public Comparison compare(Task task, String first, String second) {
        long[] made = new long[1];
        Verdict straight = ask(Prompts.JUDGE_SYSTEM, Prompts.judge(task, first, second), Judge::parse, made);
        Verdict swapped = ask(Prompts.JUDGE_SYSTEM, Prompts.judge(task, second, first), Judge::parse, made);
        Winner w1 = switch (straight.winner()) { case "A" -> Winner.FIRST; case "B" -> Winner.SECOND; default -> Winner.TIE; };
        Winner w2 = switch (swapped.winner()) { case "A" -> Winner.SECOND; case "B" -> Winner.FIRST; default -> Winner.TIE; };
        Winner winner = w1 == w2 ? w1 : Winner.TIE;
        double firstScore = (straight.scoreA() + swapped.scoreB()) / (2 * MAX_SCORE);
        double secondScore = (straight.scoreB() + swapped.scoreA()) / (2 * MAX_SCORE);
        return new Comparison(winner, firstScore, secondScore, made[0]);
    }

    /** Judge calls made so far. */
    public long calls() {
        return calls.get();
    }

    /** The parsed reply to {@code user}, asked at most twice; {@code made[0]} counts the calls. */
    private <T> T ask(String system, String user, Function<String, T> parser, long[] made) {
        ChatRequest request = new ChatRequest(model, List.of(ChatMessage.system(system), ChatMessage.user(user)),
                Optional.of(0.0), OptionalInt.empty(), OptionalLong.empty(), false, OptionalInt.empty());
        String problem = null;
        String text = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            calls.incrementAndGet();
            made[0]++;
            text = client.complete(request).content();
            try {
                return parser.apply(text);
            } catch (JudgeException e) {
                problem = e.getMessage();
            }
        }
        throw new JudgeException("the judge " + model + " did not reply in the required JSON form twice: " + problem, text);
    }

    /** The score (0 to 10) in {@code text}, which must be exactly {@code {"score": n}}. */
    static double parseRating(String text) {
        JsonNode n = object(text, RATING_KEYS);
        return score(n, "score", text);
    }

    /** The verdict in {@code text}, which must be exactly the required JSON object. */
    static Verdict parse(String text) {
        JsonNode n = object(text, KEYS);
        JsonNode w = n.get("winner");
        if (w == null || !w.isTextual() || !Set.of("A", "B", "tie").contains(w.asText()))
            throw new JudgeException("winner must be \"A\", \"B\" or \"tie\"", text);
        return new Verdict(w.asText(), score(n, "score_a", text), score(n, "score_b", text));
    }

    private static JsonNode object(String text, Set<String> keys) {
        JsonNode n;
        try {
            n = STRICT.readTree(text.strip());
        } catch (JsonProcessingException e) {
            throw new JudgeException("the reply is not one JSON object (" + e.getOriginalMessage() + ")", text);
        }
        if (n == null || !n.isObject()) throw new JudgeException("the reply is not a JSON object", text);
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) throw new JudgeException("unexpected key '" + k + "' in the reply", text);
        }
        return n;
    }

    private static double score(JsonNode n, String key, String text) {
        JsonNode s = n.get(key);
        if (s == null || !s.isNumber()) throw new JudgeException(key + " must be a number from 0 to 10", text);
        double v = s.asDouble();
        if (!(v >= 0 && v <= MAX_SCORE)) throw new JudgeException(key + " must be from 0 to 10, but was " + s, text);
        return v;
    }
}
