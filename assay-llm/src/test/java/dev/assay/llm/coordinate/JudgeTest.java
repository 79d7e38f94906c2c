package dev.assay.llm.coordinate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JudgeTest {
    static final Task TASK = Task.of("Name the capital of France.");
    static final String X = "Answer: Paris";
    static final String Y = "Answer: Lyon";

    @Test
    void aJudgeThatAlwaysSaysA_givesATie() {
        try (ReplayServer server = ReplayServer.start(List.of(
                Models.judged(TASK, X, Y, Models.verdict("A", 8, 3)),
                Models.judged(TASK, Y, X, Models.verdict("A", 8, 3))));
             ChatClient client = Models.client(server)) {
            Judge.Comparison c = Judge.of(client, Models.JUDGE).compare(TASK, X, Y);
            assertThat(c.winner()).isEqualTo(Judge.Winner.TIE);
            assertThat(c.firstScore()).isEqualTo(0.55);
            assertThat(c.secondScore()).isEqualTo(0.55);
            assertThat(c.calls()).isEqualTo(2);
            List<JsonNode> requests = server.requests();
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.path("temperature").asDouble(-1)).isZero();
                assertThat(r.path("model").asText()).isEqualTo(Models.JUDGE);
            });
            assertThat(requests.get(0).path("messages").get(1).path("content").asText()).isEqualTo(Prompts.judge(TASK, X, Y));
            assertThat(requests.get(1).path("messages").get(1).path("content").asText()).isEqualTo(Prompts.judge(TASK, Y, X));
        }
    }

    @Test
    void consistentVerdicts_nameTheWinner_andAverageItsScores() {
        try (ReplayServer server = ReplayServer.start(List.of(
                Models.judged(TASK, X, Y, Models.verdict("A", 9, 2)),
                Models.judged(TASK, Y, X, Models.verdict("B", 3, 10))));
             ChatClient client = Models.client(server)) {
            Judge.Comparison c = Judge.of(client, Models.JUDGE).compare(TASK, X, Y);
            assertThat(c.winner()).isEqualTo(Judge.Winner.FIRST);
            assertThat(c.firstScore()).isEqualTo(0.95);
            assertThat(c.secondScore()).isEqualTo(0.25);
        }
    }

    @Test
    void malformedOutput_isAskedAgainOnce_thenATypedError() {
        try (ReplayServer server = ReplayServer.start(List.of(
                Models.judged(TASK, X, Y, "```json\n" + Models.verdict("A", 9, 2) + "\n```")));
             ChatClient client = Models.client(server)) {
            Judge judge = Judge.of(client, Models.JUDGE);
            assertThatThrownBy(() -> judge.compare(TASK, X, Y)).isInstanceOf(JudgeException.class)
                    .hasMessageContaining("did not reply in the required JSON form twice")
                    .satisfies(e -> assertThat(((JudgeException) e).output()).startsWith("```json"));
            assertThat(server.requests()).hasSize(2);
            assertThat(judge.calls()).isEqualTo(2);
        }
    }

    @Test
    void oneMalformedReply_isRecoveredByTheRetry() {
        try (ReplayServer server = ReplayServer.start(List.of(
                Models.judged(TASK, X, Y, "A is better."),
                Models.judged(TASK, X, Y, Models.verdict("A", 9, 2)),
                Models.judged(TASK, Y, X, Models.verdict("B", 3, 10))));
             ChatClient client = Models.client(server)) {
            Judge.Comparison c = Judge.of(client, Models.JUDGE).compare(TASK, X, Y);
            assertThat(c.winner()).isEqualTo(Judge.Winner.FIRST);
            assertThat(c.calls()).isEqualTo(3);
        }
    }

    @Test
    void rate_gradesOneAnswerAtTemperatureZero_withTheReferenceWhenKnown() {
        Task withReference = Task.withReference("What is 2 + 2?", "4");
        try (ReplayServer server = ReplayServer.start(List.of(
                Recording.ofText(Prompts.rate(withReference, "Answer: 4"), Models.JUDGE, Models.rating(9)),
                Recording.ofText(Prompts.rate(TASK, X), Models.JUDGE, "Paris is right, 10/10."),
                Recording.ofText(Prompts.rate(TASK, X), Models.JUDGE, " {\"score\": 7.5}\n")));
             ChatClient client = Models.client(server)) {
            Judge judge = Judge.of(client, Models.JUDGE);
            assertThat(judge.rate(withReference, "Answer: 4")).isEqualTo(new Judge.Rating(0.9, 1));
            assertThat(judge.rate(TASK, X)).isEqualTo(new Judge.Rating(0.75, 2)); // a malformed reply, asked again
            List<JsonNode> requests = server.requests();
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.path("temperature").asDouble(-1)).isZero();
                assertThat(r.path("messages").get(0).path("content").asText()).isEqualTo(Prompts.RATE_SYSTEM);
            });
            assertThat(requests.getFirst().path("messages").get(1).path("content").asText()).contains("Reference answer:\n4");
            assertThat(requests.get(1).path("messages").get(1).path("content").asText()).doesNotContain("Reference answer");
        }
    }

    @Test
    void parseRating_isStrict() {
        assertThat(Judge.parseRating("{\"score\": 0}")).isZero();
        assertThat(Judge.parseRating("{\"score\": 10}")).isEqualTo(10);
        for (String bad : List.of("", "7", "{}", "{\"score\": 11}", "{\"score\": -0.5}", "{\"score\": \"7\"}", "{\"score\": 7, \"why\": \"x\"}",
                "{\"score\": 7, \"score\": 8}", "{\"score\": 7} {}", "```json\n{\"score\": 7}\n```", "{\"winner\": \"A\", \"score_a\": 1, \"score_b\": 2}"))
            assertThatThrownBy(() -> Judge.parseRating(bad)).as(bad).isInstanceOf(JudgeException.class);
    }

    @Property
    void parseRating_throwsOnlyItsOwnError(@ForAll String text) {
        try {
            Judge.parseRating(text);
        } catch (JudgeException expected) {
            // the documented failure
        }
    }

    @Test
    void parse_isStrict() {
        assertThat(Judge.parse(" {\"winner\":\"tie\",\"score_a\":5,\"score_b\":5.5}\n")).isEqualTo(new Judge.Verdict("tie", 5, 5.5));
        for (String bad : List.of("", "null", "[]", "{\"winner\":\"A\",\"score_a\":1}", "{\"winner\":\"a\",\"score_a\":1,\"score_b\":2}",
                "{\"winner\":\"A\",\"score_a\":11,\"score_b\":2}", "{\"winner\":\"A\",\"score_a\":-1,\"score_b\":2}",
                "{\"winner\":\"A\",\"score_a\":\"9\",\"score_b\":2}", "{\"winner\":\"A\",\"score_a\":9,\"score_b\":2,\"why\":\"x\"}",
                "{\"winner\":\"A\",\"winner\":\"B\",\"score_a\":9,\"score_b\":2}", "{\"winner\":\"A\",\"score_a\":9,\"score_b\":2} {}",
                "Sure! {\"winner\":\"A\",\"score_a\":9,\"score_b\":2}"))
            assertThatThrownBy(() -> Judge.parse(bad)).as(bad).isInstanceOf(JudgeException.class);
    }

    @Property
    void parse_throwsOnlyItsOwnError(@ForAll String text) {
        try {
            Judge.parse(text);
        } catch (JudgeException expected) {
            // the documented failure
        }
    }
}
