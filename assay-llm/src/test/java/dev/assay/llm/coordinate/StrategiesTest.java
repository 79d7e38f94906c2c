package dev.assay.llm.coordinate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    static final Task TASK = Task.withReference("What is 2 + 2?", "4");
    static final List<AgentSpec> TEAM = AgentSpec.team(Models.MODEL, 3);

    @Test
    void sequential_eachAgentRefinesThePreviousReply_inNCalls() {
        List<Recording> rec = new ArrayList<>(Models.cycle(Prompts.solo(TASK), "I think 5.\nAnswer: 5"));
        rec.addAll(Models.cycle(Prompts.refine(TASK, "I think 5.\nAnswer: 5"), "2 + 2 is 4, not 5.\nAnswer: 4"));
        rec.addAll(Models.cycle(Prompts.refine(TASK, "2 + 2 is 4, not 5.\nAnswer: 4"), "Confirmed.\nAnswer: **4**."));
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(new Strategy.Sequential(), new Caller(client), TASK, TEAM);
            assertThat(run.calls()).isEqualTo(3).isEqualTo(new Strategy.Sequential().calls(3));
            assertThat(server.requests()).hasSize(3);
            assertThat(run.answer()).isEqualTo("Confirmed.\nAnswer: **4**.");
            assertThat(run.finalReplies()).extracting(Answers::normalised).containsExactly("5", "4", "4");
            assertThat(run.solos()).extracting(CoordinatedRun.AgentReply::agent).containsExactly("agent-1");
            assertThat(server.requests().get(0).path("temperature").asDouble()).isEqualTo(AgentSpec.DEFAULT_TEMPERATURE);
            assertThat(server.requests().get(0).path("messages").get(0).path("role").asText()).isEqualTo("system");
        }
    }

    @Test
    void parallel_majorityOfNormalisedAnswers_inNCalls_consensusOneThird() {
        try (ReplayServer server = ReplayServer.start(Models.cycle(Prompts.solo(TASK), "Answer: 5", "answer: 4.", "It is four.\nAnswer: 4"));
             ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(Strategy.Parallel.majority(), new Caller(client), TASK, TEAM);
            assertThat(run.calls()).isEqualTo(3);
            assertThat(server.requests()).hasSize(3);
            assertThat(Answers.normalised(run.answer())).isEqualTo("4");
            assertThat(run.solos()).hasSize(3);
            assertThat(Answers.consensus(run.finalReplies(), Answers.Agreement.exact())).isEqualTo(1.0 / 3);
        }
    }

    @Test
    void parallel_withAggregator_makesOneMoreCall() {
        AgentSpec aggregator = new AgentSpec("aggregator", Models.MODEL, "You merge answers.", 0);
        List<String> replies = List.of("Answer: 5", "Answer: 4", "Answer: 3");
        List<Recording> rec = new ArrayList<>(Models.cycle(Prompts.solo(TASK), replies.toArray(String[]::new)));
        rec.addAll(Models.cycle(Prompts.aggregate(TASK, replies), "Two of three are wrong; 2 + 2 = 4.\nAnswer: 4"));
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            Strategy.Parallel p = new Strategy.Parallel(Optional.of(aggregator));
            CoordinatedRun run = Strategies.run(p, new Caller(client), TASK, TEAM);
            assertThat(run.calls()).isEqualTo(4).isEqualTo(p.calls(3));
            assertThat(server.requests()).hasSize(4);
            assertThat(server.requests().get(3).path("temperature").asDouble()).isZero();
            assertThat(Answers.normalised(run.answer())).isEqualTo("4");
            assertThat(Answers.consensus(run.finalReplies(), Answers.Agreement.exact())).isZero();
        }
    }

    @Test
    void debate_agentsSeeOthersPreviousReplies_inNTimesRoundsPlusOneCalls() {
        // opening 4, 5, 5; after round 1 agent-2 comes round to 4; after round 2 all say 4
        String[][] replies = {{"Answer: 4", "Answer: 4", "Answer: 4"}, {"Answer: 5", "Answer: 4", "Answer: 4"}, {"Answer: 5", "Answer: 5", "Answer: 4"}};
        try (ReplayServer server = ReplayServer.start(Models.debate(TASK, TEAM, 2, (agent, round) -> replies[agent][round]));
             ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(new Strategy.Debate(2), new Caller(client), TASK, TEAM);
            assertThat(run.calls()).isEqualTo(9).isEqualTo(new Strategy.Debate(2).calls(3));
            assertThat(server.requests()).hasSize(9);
            assertThat(run.solos()).extracting(r -> Answers.normalised(r.reply())).containsExactly("4", "5", "5");
            assertThat(run.finalReplies()).extracting(Answers::normalised).containsExactly("4", "4", "4");
            assertThat(Answers.consensus(run.finalReplies(), Answers.Agreement.exact())).isEqualTo(1.0);
            String lastPrompt = server.requests().get(8).path("messages").get(1).path("content").asText();
            assertThat(lastPrompt).contains("[agent-1]\nAnswer: 4", "[agent-2]\nAnswer: 4").doesNotContain("[agent-3]");
        }
    }

    @Test
    void aTeamNeedsTwoAgents_andADebateARound() {
        assertThatThrownBy(() -> Strategies.run(new Strategy.Sequential(), null, TASK, TEAM.subList(0, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 2 agents");
        assertThatThrownBy(() -> new Strategy.Debate(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("but was 0");
    }
}
