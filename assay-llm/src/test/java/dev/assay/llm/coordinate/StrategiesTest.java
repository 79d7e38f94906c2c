package dev.assay.llm.coordinate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ReplayServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    static final Task TASK = Task.withReference("What is 2 + 2?", "4");
    static final List<AgentSpec> TEAM = AgentSpec.team(Models.MODEL, 3);

    @Test
    void sequential_eachAgentRefinesThePreviousReply_inNCalls_thenTheOthersAnswerAlone() {
        List<AgentSpec> team = Models.distinctTeam(3);
        String[] alone = {"I think 5.\nAnswer: 5", "Answer: 4", "Answer: 3"};
        Map<String, String> chain = Map.of(
                Prompts.refine(TASK, alone[0]), "2 + 2 is 4, not 5.\nAnswer: 4",
                Prompts.refine(TASK, "2 + 2 is 4, not 5.\nAnswer: 4"), "Confirmed.\nAnswer: **4**.");
        // the chain's three calls one at a time, then agent-2's and agent-3's solo calls together
        try (AgentServer server = AgentServer.start((r, turn) -> r.user().equals(Prompts.solo(TASK)) ? alone[Models.agentIndex(r)]
                : chain.getOrDefault(r.user(), "no reply for this prompt"), 1, 1, 1, 2);
             ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(new Strategy.Sequential(), new Caller(client), TASK, team);
            assertThat(run.calls()).isEqualTo(3).isEqualTo(new Strategy.Sequential().calls(3));
            assertThat(run.soloCalls()).isEqualTo(2).isEqualTo(new Strategy.Sequential().soloCalls(3));
            assertThat(server.requests()).hasSize(5);
            assertThat(server.unfilled()).isZero();
            assertThat(run.answer()).isEqualTo("Confirmed.\nAnswer: **4**.");
            assertThat(run.finalReplies()).extracting(Answers::normalised).containsExactly("5", "4", "4");
            // every agent's own answer: agent-1's chain reply, the others' solo calls, in team order
            assertThat(run.solos()).extracting(CoordinatedRun.AgentReply::agent).containsExactly("agent-1", "agent-2", "agent-3");
            assertThat(run.solos()).extracting(CoordinatedRun.AgentReply::reply).containsExactly(alone);
            assertThat(server.requests().subList(0, 3)).extracting(Models::agentIndex).containsExactly(0, 1, 2);
        }
    }

    @Test
    void parallel_agentsCallsAreInFlightAtOnce_andRepliesKeepTeamOrder() {
        List<AgentSpec> team = Models.distinctTeam(4);
        // the server answers only once all four requests are held, in the reverse of their arrival
        try (AgentServer server = AgentServer.start((r, turn) -> "Answer: " + (Models.agentIndex(r) + 1), 4);
             ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(Strategy.Parallel.majority(), new Caller(client), TASK, team);
            assertThat(server.unfilled()).isZero();
            assertThat(server.maxInFlight()).isEqualTo(4);
            assertThat(run.solos()).extracting(CoordinatedRun.AgentReply::agent).containsExactly("agent-1", "agent-2", "agent-3", "agent-4");
            assertThat(run.finalReplies()).containsExactly("Answer: 1", "Answer: 2", "Answer: 3", "Answer: 4");
            assertThat(run.answer()).isEqualTo("Answer: 1"); // four-way tie: the agent listed first
        }
    }

    @Test
    void all_runsEveryCallAtOnce_keepsIndexOrder_andRethrowsAFailureAsItWas() {
        CountDownLatch started = new CountDownLatch(8);
        // each call waits (bounded) until all eight have started: only concurrent calls all see the latch open
        List<Boolean> together = Strategies.all(8, i -> {
            started.countDown();
            try {
                return started.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(together).containsOnly(true).hasSize(8);
        assertThat(Strategies.all(5, i -> i * 10)).containsExactly(0, 10, 20, 30, 40);
        assertThatThrownBy(() -> Strategies.all(3, i -> {
            if (i == 1) throw new InvalidInputException("agent " + i + " failed");
            return i;
        })).isInstanceOf(InvalidInputException.class).hasMessage("agent 1 failed");
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
    void parallel_withAggregator_makesOneMoreCall_seeingRepliesInTeamOrder() {
        List<AgentSpec> team = Models.distinctTeam(3);
        AgentSpec aggregator = new AgentSpec("aggregator", Models.MODEL, "You merge answers.", 0);
        List<String> replies = List.of("Answer: 5", "Answer: 4", "Answer: 3");
        try (AgentServer server = AgentServer.start((r, turn) -> r.system().equals(aggregator.systemPrompt())
                ? (r.user().equals(Prompts.aggregate(TASK, replies)) ? "Two of three are wrong; 2 + 2 = 4.\nAnswer: 4" : "replies out of order")
                : replies.get(Models.agentIndex(r)), 3, 1);
             ChatClient client = Models.client(server)) {
            Strategy.Parallel p = new Strategy.Parallel(Optional.of(aggregator));
            CoordinatedRun run = Strategies.run(p, new Caller(client), TASK, team);
            assertThat(run.calls()).isEqualTo(4).isEqualTo(p.calls(3));
            assertThat(server.requests()).hasSize(4);
            assertThat(server.unfilled()).isZero();
            assertThat(Answers.normalised(run.answer())).isEqualTo("4");
            assertThat(Answers.consensus(run.finalReplies(), Answers.Agreement.exact())).isZero();
        }
    }

    @Test
    void debate_agentsSeeOthersPreviousReplies_inNTimesRoundsPlusOneCalls_eachRoundInFlightAtOnce() {
        List<AgentSpec> team = Models.distinctTeam(3);
        // opening 4, 5, 5; after round 1 agent-2 comes round to 4; after round 2 all say 4
        String[][] replies = {{"Answer: 4", "Answer: 4", "Answer: 4"}, {"Answer: 5", "Answer: 4", "Answer: 4"}, {"Answer: 5", "Answer: 5", "Answer: 4"}};
        try (AgentServer server = AgentServer.start(Models.debate(TASK, team, 2, (agent, round) -> replies[agent][round]), 3, 3, 3);
             ChatClient client = Models.client(server)) {
            CoordinatedRun run = Strategies.run(new Strategy.Debate(2), new Caller(client), TASK, team);
            assertThat(run.calls()).isEqualTo(9).isEqualTo(new Strategy.Debate(2).calls(3));
            assertThat(server.requests()).hasSize(9);
            assertThat(server.unfilled()).isZero();
            assertThat(run.solos()).extracting(r -> Answers.normalised(r.reply())).containsExactly("4", "5", "5");
            assertThat(run.finalReplies()).extracting(Answers::normalised).containsExactly("4", "4", "4");
            assertThat(Answers.consensus(run.finalReplies(), Answers.Agreement.exact())).isEqualTo(1.0);
            AgentServer.Request third = server.requests().stream().skip(6).filter(r -> Models.agentIndex(r) == 2).findFirst().orElseThrow();
            assertThat(third.user()).contains("[agent-1]\nAnswer: 4", "[agent-2]\nAnswer: 4").doesNotContain("[agent-3]");
        }
    }

    @Test
    void aTeamNeedsTwoAgents_andADebateARound() {
        assertThatThrownBy(() -> Strategies.run(new Strategy.Sequential(), null, TASK, TEAM.subList(0, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 2 agents");
        assertThatThrownBy(() -> new Strategy.Debate(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("but was 0");
    }
}
