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

/**
 * An LLM judge comparing two answers to a task. Each comparison asks the judge model twice, at temperature 0, with the
 * answers in both orders (X as A and Y as B, then Y as A and X as B), so a judge that favours a position cannot decide
 * it: the verdicts must name the same answer, or the comparison is a tie. An answer's score is the mean of the scores
 * it got in the two orders. The judge must reply with exactly one JSON object
 * {@code {"winner": "A"|"B"|"tie", "score_a": 0..10, "score_b": 0..10}} (nothing around it, no other or repeated
 * keys, scores numbers in [0, 10]); a reply that is not is asked for once more, and a second one throws
 * {@link JudgeException}. Thread-safe.
 */
public final class Judge {
    /** Highest score the judge gives. */
    public static final double MAX_SCORE = 10;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> KEYS = Set.of("winner", "score_a", "score_b");

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

    /** What a cache of judged results must be keyed by: the judge's model and the version of its instructions. */
    public String version() {
        return "pairwise-v" + Prompts.VERSION + "/" + model;
    }

    /** Compares {@code first} with {@code second} as answers to {@code task}. */
    public Comparison compare(Task task, String first, String second) {
        long before = calls.get();
        Verdict straight = ask(task, first, second);
        Verdict swapped = ask(task, second, first);
        Winner w1 = switch (straight.winner()) { case "A" -> Winner.FIRST; case "B" -> Winner.SECOND; default -> Winner.TIE; };
        Winner w2 = switch (swapped.winner()) { case "A" -> Winner.SECOND; case "B" -> Winner.FIRST; default -> Winner.TIE; };
        Winner winner = w1 == w2 ? w1 : Winner.TIE;
        double firstScore = (straight.scoreA() + swapped.scoreB()) / (2 * MAX_SCORE);
        double secondScore = (straight.scoreB() + swapped.scoreA()) / (2 * MAX_SCORE);
        return new Comparison(winner, firstScore, secondScore, calls.get() - before);
    }

    /** Judge calls made so far. */
    public long calls() {
        return calls.get();
    }

    private Verdict ask(Task task, String a, String b) {
        ChatRequest request = new ChatRequest(model, List.of(ChatMessage.system(Prompts.JUDGE_SYSTEM), ChatMessage.user(Prompts.judge(task, a, b))),
                Optional.of(0.0), OptionalInt.empty(), OptionalLong.empty(), false, OptionalInt.empty());
        String problem = null;
        String text = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            calls.incrementAndGet();
            text = client.complete(request).content();
            try {
                return parse(text);
            } catch (JudgeException e) {
                problem = e.getMessage();
            }
        }
        throw new JudgeException("the judge " + model + " did not reply in the required JSON form twice: " + problem, text);
    }

    /** The verdict in {@code text}, which must be exactly the required JSON object. */
    static Verdict parse(String text) {
        JsonNode n;
        try {
            n = STRICT.readTree(text.strip());
        } catch (JsonProcessingException e) {
            throw new JudgeException("the reply is not one JSON object (" + e.getOriginalMessage() + ")", text);
        }
        if (n == null || !n.isObject()) throw new JudgeException("the reply is not a JSON object", text);
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new JudgeException("unexpected key '" + k + "' in the reply", text);
        }
        JsonNode w = n.get("winner");
        if (w == null || !w.isTextual() || !Set.of("A", "B", "tie").contains(w.asText()))
            throw new JudgeException("winner must be \"A\", \"B\" or \"tie\"", text);
        return new Verdict(w.asText(), score(n, "score_a", text), score(n, "score_b", text));
    }

    private static double score(JsonNode n, String key, String text) {
        JsonNode s = n.get(key);
        if (s == null || !s.isNumber()) throw new JudgeException(key + " must be a number from 0 to 10", text);
        double v = s.asDouble();
        if (!(v >= 0 && v <= MAX_SCORE)) throw new JudgeException(key + " must be from 0 to 10, but was " + s, text);
        return v;
    }
}
