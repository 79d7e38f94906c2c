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
        assertThatThrownBy(() -> ScoreInputs.parse(MUSHROOM.replace("-0.25", "3.5"), 2, "f:2")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("f:2: model_output_logits[0] is 3.5, positive: the record holds raw logits");
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
