package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreInputsTest {
    static final String MUSHROOM = "{\"id\": \"val-sv-1\", \"model_output_text\": \"Hej då\", \"model_output_tokens\": [\"Hej\", \" då\"],"
            + " \"model_output_logits\": [-0.25, 0.0]}";
    static final String COMPLETION = "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"choices\": [{\"index\": 0, \"message\":"
            + " {\"role\": \"assistant\", \"content\": \"Hi!\"}, \"logprobs\": {\"content\": ["
            + "{\"token\": \"Hi\", \"logprob\": -0.1, \"top_logprobs\": [{\"token\": \"Hi\", \"logprob\": -0.1}, {\"token\": \"Hey\", \"logprob\": -2.5}]},"
            + "{\"token\": \"!\", \"logprob\": -0.7, \"top_logprobs\": [{\"token\": \".\", \"logprob\": -0.9}, {\"token\": \"!\", \"logprob\": -0.7}]}"
            + "]}, \"finish_reason\": \"stop\"}]}";

    @TempDir
    Path dir;

    @Test
    void aMushroomRecordOfLogProbabilities() {
        ScoreInputs.Input in = ScoreInputs.parse(MUSHROOM, 1, "f:1");
        assertThat(in.format()).isEqualTo(ScoreInputs.Format.MUSHROOM);
        assertThat(in.id()).isEqualTo("val-sv-1");
        assertThat(in.scores().tokens()).containsExactly("Hej", " då");
        assertThat(in.scores().logprobs()).containsExactly(-0.25, 0.0);
        assertThat(in.scores().hasTop()).isFalse();
    }

    @Test
    void aChatCompletionWithTopLogprobs() {
        ScoreInputs.Input in = ScoreInputs.parse(COMPLETION, 3, "f:3");
        assertThat(in.format()).isEqualTo(ScoreInputs.Format.CHAT_COMPLETION);
        assertThat(in.id()).isEqualTo("chatcmpl-1");
        assertThat(in.scores().logprobs()).containsExactly(-0.1, -0.7);
        assertThat(in.scores().top()[1]).containsExactly(-0.7, -0.9);
    }

    @Test
    void badLinesAreNamedWithTheirProblem() {
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("-0.25", "3.5"), 2, "f:2")).isInstanceOf(ScoreInputException.class)
                .hasMessageStartingWith("f:2: model_output_logits[0] is 3.5, positive: the record holds raw logits")
                .extracting(e -> ((ScoreInputException) e).problem()).isEqualTo(ScoreInputException.Problem.RAW_LOGITS);
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("-0.25", "NaN"), 2, "f:2")).isInstanceOf(InvalidInputException.class)
                .hasMessage("f:2: model_output_logits[0] is NaN");
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("[-0.25, 0.0]", "[-0.25]"), 2, "f:2")).isInstanceOf(InvalidInputException.class)
                .hasMessage("f:2: mismatched token counts: 2 model_output_tokens but 1 model_output_logits");
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("\"model_output_logits\": [-0.25, 0.0]", "\"x\": 1"), 2, "f:2"))
                .isInstanceOf(InvalidInputException.class).hasMessage("f:2: missing logprobs: the record has no model_output_logits");
        assertThatThrownBy(() -> ScoreInputs.parse(COMPLETION.replace("\"logprob\": -0.7, \"top", "\"logprob\": NaN, \"top"), 4, "f:4"))
                .isInstanceOf(InvalidInputException.class).hasMessage("f:4: choices[0].logprobs.content[1].logprob is NaN");
        assertThatThrownBy(() -> ScoreInputs.parse(COMPLETION.replace("\"logprob\": -0.1, \"top", "\"logprob\": 0.3, \"top"), 4, "f:4"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("f:4: the log-probability of token 0 is 0.300000, positive");
        String noLogprobs = "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"Hi\"}, \"logprobs\": null}]}";
        assertThatThrownBy(() -> ScoreInputs.parse(noLogprobs, 5, "f:5")).isInstanceOf(InvalidInputException.class)
                .hasMessage("f:5: missing logprobs: choices[0].logprobs is absent (request logprobs=true)");
        String partialTop = COMPLETION.replace(", \"top_logprobs\": [{\"token\": \".\", \"logprob\": -0.9}, {\"token\": \"!\", \"logprob\": -0.7}]", "");
        assertThatThrownBy(() -> ScoreInputs.parse(partialTop, 6, "f:6")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing top_logprobs at choices[0].logprobs.content[1]");
        assertThatThrownBy(() -> ScoreInputs.parse("{\"text\": \"hello\"}", 7, "f:7")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("f:7: neither a Mu-SHROOM record");
        assertThatThrownBy(() -> ScoreInputs.parse("{\"choices\": [", 8, "f:8")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("f:8: not valid JSON");
        assertThatThrownBy(() -> ScoreInputs.parse("[1]", 9, "f:9")).isInstanceOf(InvalidInputException.class)
                .hasMessage("f:9: a line must be a JSON object");
    }

    /** Falcon's first English record: every value negative, yet raw logits (median -8.5: a chosen token at p = 0.0002). */
    static final String NEGATIVE_LOGITS = "{\"id\": \"val-en-1\", \"model_output_tokens\": [\"Pet\", \"ra\", \"\u0120van\", \"\u0120Sto\"],"
            + " \"model_output_logits\": [-5.5669536591, -11.90533638, -13.0743436813, -9.9514026642]}";

    @Test
    void allNegativeRawLogitsAreRefusedByTheirMedian_unlessTheCallerSaysTheyAreLogProbabilities() {
        assertThatThrownBy(() -> ScoreInputs.parse(NEGATIVE_LOGITS, 1, "f:1")).isInstanceOf(ScoreInputException.class)
                .hasMessageStartingWith("f:1: model_output_logits read as raw logits, not log-probabilities: their median is -10.93")
                .hasMessageContaining("at least 0.1")
                .extracting(e -> ((ScoreInputException) e).problem()).isEqualTo(ScoreInputException.Problem.RAW_LOGITS);
        ScoreInputs.Input said = ScoreInputs.parse(NEGATIVE_LOGITS, 1, "f:1", ScoreInputs.Values.LOGPROBS);
        assertThat(said.scores().logprobs()).containsExactly(-5.5669536591, -11.90533638, -13.0743436813, -9.9514026642);
        // a record of log-probabilities with a median chosen-token probability just above 0.1 is read as such
        String unsure = MUSHROOM.replace("[-0.25, 0.0]", "[-2.2, -2.3, -0.1]").replace("[\"Hej\", \" då\"]", "[\"a\", \"b\", \"c\"]");
        assertThat(ScoreInputs.parse(unsure, 1, "f:1").scores().size()).isEqualTo(3);
        String below = unsure.replace("[-2.2, -2.3, -0.1]", "[-2.4, -2.35, -0.1]");
        assertThatThrownBy(() -> ScoreInputs.parse(below, 1, "f:1")).isInstanceOf(ScoreInputException.class).hasMessageContaining("median is -2.350");
        // positive values are refused even when the caller says log-probabilities
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("-0.25", "3.5"), 2, "f:2", ScoreInputs.Values.LOGPROBS))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("positive");
        assertThat(ScoreInputs.Values.parse(" LogProbs ", "values")).isEqualTo(ScoreInputs.Values.LOGPROBS);
        assertThatThrownBy(() -> ScoreInputs.Values.parse("logits", "--values")).isInstanceOf(InvalidInputException.class)
                .hasMessage("--values must be auto or logprobs, but was 'logits'");
    }

    static String completion(String content, String finish, String... tokens) {
        StringBuilder b = new StringBuilder("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                + ScoreInputs.JSON.getNodeFactory().textNode(content) + "}, \"finish_reason\": \"" + finish + "\", \"logprobs\": {\"content\": [");
        for (int i = 0; i < tokens.length; i++)
            b.append(i == 0 ? "" : ", ").append("{\"token\": ").append(ScoreInputs.JSON.getNodeFactory().textNode(tokens[i])).append(", \"logprob\": -0.1}");
        return b.append("]}}]}").toString();
    }

    @Test
    void tokensThatDoNotSpellTheContentAreRefusedNamingTheFirstDifference() {
        assertThat(ScoreInputs.parse(completion("Paris is big.", "stop", "Paris", " is", " big", "."), 1, "f:1").scores().size()).isEqualTo(4);
        assertThatThrownBy(() -> ScoreInputs.parse(completion("Paris is big.", "stop", "Paris", " was", " big", "."), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class)
                .hasMessage("f:1: the tokens do not spell message.content: they differ at character 6 of the content (token 1): the tokens give"
                        + " 'was big.' where the content has 'is big.'; the log-probabilities are not those of this text")
                .extracting(e -> ((ScoreInputException) e).problem()).isEqualTo(ScoreInputException.Problem.TOKEN_TEXT_MISMATCH);
        assertThatThrownBy(() -> ScoreInputs.parse(completion("Paris is big. Very.", "stop", "Paris", " is", " big", "."), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("character 13 of the content (after the last token)")
                .hasMessageContaining("the tokens give nothing more where the content has ' Very.'");
        assertThatThrownBy(() -> ScoreInputs.parse(completion("", "stop", "Hi"), 1, "f:1")).isInstanceOf(ScoreInputException.class)
                .hasMessageContaining("character 0 of the content (token 0)");
    }

    @Test
    void harmlessDifferencesOfProvidersAreForgiven() {
        // whitespace at either end
        assertThat(ScoreInputs.parse(completion("Paris.", "stop", " Paris", ".", "\n"), 1, "f:1").scores().size()).isEqualTo(3);
        assertThat(ScoreInputs.parse(completion(" Paris.\n", "stop", "Paris", "."), 1, "f:1").scores().size()).isEqualTo(2);
        // a trailing special token the content does not hold
        assertThat(ScoreInputs.parse(completion("Paris.", "stop", "Paris", ".", "<|eot_id|>"), 1, "f:1").scores().size()).isEqualTo(3);
        assertThat(ScoreInputs.parse(completion("Paris.", "stop", "Paris", ".", "\n", "</s>"), 1, "f:1").scores().size()).isEqualTo(4);
        // but not one in the middle, nor ordinary trailing text
        assertThatThrownBy(() -> ScoreInputs.parse(completion("Paris.", "stop", "Paris", "<|eot_id|>", "."), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("character 5 of the content (token 1)");
        assertThatThrownBy(() -> ScoreInputs.parse(completion("Paris", "stop", "Paris", "."), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("the tokens give '.' where the content has nothing more");
        // text that looks like an escaped ASCII byte stays text
        assertThat(ScoreInputs.parse(completion("a \\x41 b", "stop", "a", " ", "\\x41", " b"), 1, "f:1").scores().size()).isEqualTo(4);
        // a character split over byte tokens, as OpenAI writes them and as vLLM does, and given as bytes
        assertThat(ScoreInputs.parse(completion("Ça va", "stop", "\\xc3", "\\x87", "a va"), 1, "f:1").scores().size()).isEqualTo(3);
        assertThat(ScoreInputs.parse(completion("Ça va", "stop", "bytes:\\xc3", "bytes:\\x87", "a va"), 1, "f:1").scores().size()).isEqualTo(3);
        String withBytes = completion("Ça", "stop", "?", "?a").replace("\"token\": \"?\",", "\"token\": \"?\", \"bytes\": [195],")
                .replace("\"token\": \"?a\",", "\"token\": \"?a\", \"bytes\": [135, 97],");
        assertThat(ScoreInputs.parse(withBytes, 1, "f:1").scores().size()).isEqualTo(2);
        assertThatThrownBy(() -> ScoreInputs.parse(withBytes.replace("[195]", "[300]"), 1, "f:1")).isInstanceOf(InvalidInputException.class)
                .hasMessage("f:1: choices[0].logprobs.content[0].bytes[0] must be a byte value 0 to 255, but was 300");
        // cut at max_tokens: one final token may be missing from the log-probabilities, not more
        assertThat(ScoreInputs.parse(completion("The capital of France", "length", "The", " capital", " of"), 1, "f:1").scores().size()).isEqualTo(3);
        assertThatThrownBy(() -> ScoreInputs.parse(completion("The capital of France", "stop", "The", " capital", " of"), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("character 14");
        assertThatThrownBy(() -> ScoreInputs.parse(completion("The capital of France is", "length", "The", " capital", " of"), 1, "f:1"))
                .isInstanceOf(ScoreInputException.class).hasMessageContaining("one final token may be missing");
        // no content (a tool call): nothing to compare
        String toolCall = completion("x", "tool_calls", "call").replace("\"content\": \"x\"", "\"content\": null");
        assertThat(ScoreInputs.parse(toolCall, 1, "f:1").scores().size()).isEqualTo(1);
    }

    @Test
    void aFileOfBothShapes_blankLinesSkipped_aBadLineNamedByNumber() throws Exception {
        Path f = dir.resolve("in.jsonl");
        Files.write(f, List.of(MUSHROOM, "", COMPLETION));
        List<ScoreInputs.Input> in = ScoreInputs.read(f);
        assertThat(in).extracting(ScoreInputs.Input::line).containsExactly(1, 3);
        Files.write(f, List.of(MUSHROOM, COMPLETION, "{\"choices\": []}"));
        assertThatThrownBy(() -> ScoreInputs.read(f)).isInstanceOf(InvalidInputException.class).hasMessage(f + ":3: choices must be a non-empty array");
        Files.write(f, List.of(""));
        assertThatThrownBy(() -> ScoreInputs.read(f)).isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no response");
        assertThatThrownBy(() -> ScoreInputs.read(dir.resolve("absent.jsonl"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }
}
