package dev.assay.llm.coordinate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
    static final List<AgentSpec> TEAM = AgentSpec.team(Models.MODEL, 3);
    static final Task TASK = Task.withReference("What is 2 + 2?", "4");

    static Coordinator coordinator(ChatClient client, Strategy strategy, Baseline.Kind kind, Quality quality, BaselineCache cache, int repeats,
                                   int samples) {
        return Coordinator.create(client, TEAM, strategy, new Baseline(kind, TEAM.getFirst()), quality, cache,
                new Coordinator.Config(repeats, samples, Answers.Agreement.exact(), 7));
    }

    @Test
    void gammaAndOmega_onTheExactMatchScorer() {
        // per repeat: 3 parallel answers then 3 baseline samples, served in this order
        List<Recording> rec = Models.cycle(Prompts.solo(TASK),
                "Answer: 4", "Answer: 4", "Answer: 5", /* baseline */ "Answer: 5", "Answer: 5", "Answer: 4",
                "Answer: 4", "Answer: 5", "Answer: 4", /* baseline */ "Answer: 4", "Answer: 4", "Answer: 5");
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            Report report = coordinator(client, Strategy.Parallel.majority(), Baseline.Kind.SELF_CONSISTENCY, Quality.of(Scorer.exactMatch()),
                    BaselineCache.none(), 2, 2).run(List.of(TASK), Progress.none());
            TaskReport t = report.tasks().getFirst();
            assertThat(t.repeats()).extracting(TaskReport.Repeat::coordinatedQuality).containsExactly(1.0, 1.0);
            assertThat(t.repeats()).extracting(TaskReport.Repeat::baselineQuality).containsExactly(0.0, 1.0);
            assertThat(t.meanBaselineQuality()).isEqualTo(0.5);
            assertThat(t.gamma().mean()).isEqualTo(2.0);
            assertThat(t.gamma().interval()).hasValueSatisfying(ci -> assertThat(ci.lower()).isEqualTo(2.0));
            assertThat(t.omega().mean()).isZero();
            assertThat(t.consensus().mean()).isEqualTo(1.0 / 3);
            assertThat(t.coordinatedCalls()).isEqualTo(6);
            assertThat(t.baselineCalls()).isEqualTo(6);
            assertThat(server.requests()).hasSize(12);
            assertThat(report.gamma().mean()).isEqualTo(2.0);
        }
    }

    @Test
    void omega_inASequentialChain_comparesWithEveryAgentsOwnAnswer() {
        Task task = Task.withReference("What is 3 * 3?", "9");
        // the task's prompt is asked by agent-1 opening the chain, agents 2 and 3 alone (either order), then the baseline
        List<Recording> rec = new ArrayList<>(Models.cycle(Prompts.solo(task), "Answer: 6", "Answer: 6", "Answer: 7",
                /* baseline */ "Answer: 9", "Answer: 6", "Answer: 6"));
        rec.addAll(Models.cycle(Prompts.refine(task, "Answer: 6"), "3 * 3 is 9.\nAnswer: 9"));
        rec.addAll(Models.cycle(Prompts.refine(task, "3 * 3 is 9.\nAnswer: 9"), "Answer: 9"));
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            Report report = coordinator(client, new Strategy.Sequential(), Baseline.Kind.SELF_CONSISTENCY, Quality.of(Scorer.exactMatch()),
                    BaselineCache.none(), 1, 1).run(List.of(task), Progress.none());
            TaskReport t = report.tasks().getFirst();
            assertThat(t.repeats().getFirst().soloQualities()).containsExactly(0.0, 0.0, 0.0);
            assertThat(t.omega().mean()).isEqualTo(1.0); // the chain found what no agent found alone
            assertThat(t.gamma().mean()).isNaN(); // the baseline's majority (6) scored 0
            assertThat(t.gamma().undefined()).isEqualTo(1);
            assertThat(t.consensus().mean()).isEqualTo(1.0 / 3);
            assertThat(t.baselineCalls()).isEqualTo(t.coordinatedCalls()).isEqualTo(3);
            assertThat(t.soloCalls()).isEqualTo(2);
            assertThat(server.requests()).hasSize(3 + 2 + 3);
        }
        // when agent-2 alone gets it right, the chain is no better than the best single agent
        rec.set(1, Recording.ofText(Prompts.solo(task), Models.MODEL, "Answer: 9"));
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            TaskReport t = coordinator(client, new Strategy.Sequential(), Baseline.Kind.SELF_CONSISTENCY, Quality.of(Scorer.exactMatch()),
                    BaselineCache.none(), 1, 1).run(List.of(task), Progress.none()).tasks().getFirst();
            assertThat(t.repeats().getFirst().bestSoloQuality()).isEqualTo(1.0);
            assertThat(t.omega().mean()).isZero();
        }
    }

    @Test
    void baseline_isComputeMatched_forEveryStrategy() {
        List<AgentSpec> team = Models.distinctTeam(3);
        String[][] debate = {{"Answer: 4", "Answer: 4"}, {"Answer: 5", "Answer: 4"}, {"Answer: 4", "Answer: 4"}};
        for (Strategy s : List.of(new Strategy.Debate(1), Strategy.Parallel.majority(), new Strategy.Sequential())) {
            AgentServer.Responder debating = Models.debate(TASK, team, 1, (a, r) -> debate[a][r]);
            try (AgentServer server = AgentServer.start((r, turn) -> r.user().startsWith(TASK.prompt() + "\n\nA previous agent") ? "Answer: 4"
                    : debating.reply(r, turn)); ChatClient client = Models.client(server)) {
                Coordinator c = Coordinator.create(client, team, s, new Baseline(Baseline.Kind.SELF_CONSISTENCY, team.getFirst()),
                        Quality.of(Scorer.exactMatch()), BaselineCache.none(), new Coordinator.Config(2, 2, Answers.Agreement.exact(), 7));
                TaskReport t = c.run(List.of(TASK), Progress.none()).tasks().getFirst();
                for (TaskReport.Repeat r : t.repeats()) {
                    assertThat(r.baseline().calls()).as(s.name()).isEqualTo(r.run().calls()).isEqualTo(c.callsPerRun());
                    assertThat(r.baseline().samples()).hasSize((int) c.callsPerRun());
                }
                long solo = s.soloCalls(team.size());
                assertThat(t.soloCalls()).as(s.name()).isEqualTo(2 * solo);
                assertThat(server.requests()).as(s.name()).hasSize((int) (2 * (2 * c.callsPerRun() + solo)));
            }
        }
    }

    @Test
    void judgeQuality_ratesEveryAnswerOnItsOwn_gammaAndOmegaOnKnownScores() {
        Task task = Task.of("Name the capital of France.");
        List<AgentSpec> team = Models.distinctTeam(3);
        String[] alone = {"Answer: Paris", "Answer: Lyon", "It is Paris.\nAnswer: Paris"};
        String[] baseline = {"Answer: Lyon", "Answer: Marseille", "Answer: Lyon"};
        Map<String, Integer> scores = Map.of("Answer: Paris", 8, "Answer: Lyon", 2, "It is Paris.\nAnswer: Paris", 10, "Answer: Marseille", 1);
        try (AgentServer server = AgentServer.start((r, turn) -> {
            if (r.model().equals(Models.JUDGE)) {
                for (var e : scores.entrySet()) if (r.user().equals(Prompts.rate(task, e.getKey()))) return Models.rating(e.getValue());
                return "not a rating prompt";
            }
            int i = Models.agentIndex(r);
            return i == 0 && turn > 0 ? baseline[turn - 1] : alone[i]; // agent-1's later calls are the baseline's samples
        }); ChatClient client = Models.client(server)) {
            Judge judge = Judge.of(client, Models.JUDGE);
            Coordinator c = Coordinator.create(client, team, Strategy.Parallel.majority(), new Baseline(Baseline.Kind.SELF_CONSISTENCY, team.getFirst()),
                    Quality.of(judge), BaselineCache.none(), new Coordinator.Config(1, 1, Answers.Agreement.exact(), 7));
            TaskReport t = c.run(List.of(task), Progress.none()).tasks().getFirst();
            TaskReport.Repeat r = t.repeats().getFirst();
            assertThat(r.run().answer()).isEqualTo("Answer: Paris"); // majority "paris", agent-1's wording
            assertThat(r.baseline().answer()).isEqualTo("Answer: Lyon");
            // each quality is the answer's own rating / 10, whichever role the answer plays
            assertThat(r.coordinatedQuality()).isEqualTo(0.8);
            assertThat(r.baselineQuality()).isEqualTo(0.2);
            assertThat(r.soloQualities()).containsExactly(0.8, 0.2, 1.0);
            assertThat(t.gamma().mean()).isCloseTo(4.0, within(1e-12));
            assertThat(t.omega().mean()).isCloseTo(-0.2, within(1e-12)); // agent-3 alone did better than the team's vote
            // three distinct texts rated once each; Marseille (not chosen) is not rated; agent calls and judge calls apart
            assertThat(t.judgeCalls()).isEqualTo(3).isEqualTo(judge.calls());
            assertThat(t.coordinatedCalls()).isEqualTo(3);
            assertThat(t.baselineCalls()).isEqualTo(3);
            assertThat(server.requests()).filteredOn(q -> q.model().equals(Models.JUDGE)).hasSize(3)
                    .allSatisfy(q -> assertThat(q.system()).isEqualTo(Prompts.RATE_SYSTEM));
        }
    }

    @Test
    void bestOfN_letsTheJudgePick_andCountsItsCalls() {
        Task task = Task.of("Name the capital of France.");
        List<AgentSpec> team = Models.distinctTeam(2);
        Map<String, String> judged = Map.of(
                Prompts.judge(task, "Answer: Lyon", "Answer: Paris"), Models.verdict("B", 2, 9),
                Prompts.judge(task, "Answer: Paris", "Answer: Lyon"), Models.verdict("A", 9, 2),
                Prompts.rate(task, "Answer: Paris"), Models.rating(9),
                Prompts.rate(task, "Answer: Lyon"), Models.rating(2));
        String[] agent1 = {"Answer: Paris", /* baseline */ "Answer: Lyon", "Answer: Paris"};
        try (AgentServer server = AgentServer.start((r, turn) -> r.model().equals(Models.JUDGE) ? judged.getOrDefault(r.user(), "unexpected")
                : Models.agentIndex(r) == 0 ? agent1[turn] : "Answer: Lyon"); ChatClient client = Models.client(server)) {
            Coordinator c = Coordinator.create(client, team, Strategy.Parallel.majority(), new Baseline(Baseline.Kind.BEST_OF_N, team.getFirst()),
                    Quality.of(Judge.of(client, Models.JUDGE)), BaselineCache.none(), new Coordinator.Config(1, 1, Answers.Agreement.exact(), 7));
            TaskReport t = c.run(List.of(task), Progress.none()).tasks().getFirst();
            TaskReport.Repeat r = t.repeats().getFirst();
            assertThat(r.run().answer()).isEqualTo("Answer: Paris"); // a tied vote goes to the agent listed first
            assertThat(r.baseline().answer()).isEqualTo("Answer: Paris");
            assertThat(r.baseline().judgeCalls()).isEqualTo(2);
            assertThat(r.coordinatedQuality()).isEqualTo(r.baselineQuality()).isEqualTo(0.9);
            assertThat(r.soloQualities()).containsExactly(0.9, 0.2);
            assertThat(t.gamma().mean()).isEqualTo(1.0);
            assertThat(t.omega().mean()).isZero();
            assertThat(t.judgeCalls()).isEqualTo(2 + 2); // the pick in both orders, then two distinct texts rated
            assertThat(server.requests()).hasSize(2 + 2 + 4);
        }
    }

    @Test
    void bestOfN_withoutAJudge_isRefused() {
        try (ReplayServer server = ReplayServer.start(List.of()); ChatClient client = Models.client(server)) {
            assertThatThrownBy(() -> coordinator(client, Strategy.Parallel.majority(), Baseline.Kind.BEST_OF_N, Quality.of(Scorer.exactMatch()),
                    BaselineCache.none(), 1, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a judge");
            assertThatThrownBy(() -> new Coordinator.Config(2, 3, Answers.Agreement.exact(), 1)).isInstanceOf(InvalidInputException.class);
        }
    }

    /** Requests the server received for {@code runs} monitoring runs of two tasks, with {@code cache}. */
    static long requestsOverRuns(BaselineCache cache, int runs, int repeats, int samples) {
        Task other = Task.withReference("What is 3 + 3?", "6");
        List<Recording> rec = new ArrayList<>(Models.cycle(Prompts.solo(TASK), "Answer: 4", "Answer: 5", "Answer: 4", "Answer: 4"));
        rec.addAll(Models.cycle(Prompts.solo(other), "Answer: 6", "Answer: 6", "Answer: 9"));
        try (ReplayServer server = ReplayServer.start(rec); ChatClient client = Models.client(server)) {
            for (int i = 0; i < runs; i++)
                coordinator(client, Strategy.Parallel.majority(), Baseline.Kind.SELF_CONSISTENCY, Quality.of(Scorer.exactMatch()), cache, repeats, samples)
                        .run(List.of(TASK, other), Progress.none());
            return server.requests().size();
        }
    }

    @Test
    void cache_savesBaselineCallsOverRepeatedRuns_measured() {
        int runs = 5;
        long without = requestsOverRuns(BaselineCache.none(), runs, 2, 2);
        BaselineCache cache = BaselineCache.defaults();
        long with = requestsOverRuns(cache, runs, 2, 2);
        long coordinated = runs * 2L * 2 * 3; // runs x tasks x repeats x calls
        assertThat(without).isEqualTo(2 * coordinated);
        assertThat(without - with).isEqualTo(cache.savedCalls());
        // every baseline after the first run came from the cache: (runs - 1) / runs of the baseline calls
        assertThat((double) cache.savedCalls() / (without - coordinated)).isEqualTo(0.8);
        assertThat(1 - (double) with / without).isEqualTo(0.4);
        assertThat(cache.hits()).isEqualTo((runs - 1) * 4L);
        assertThat(cache.misses()).isEqualTo(4);
    }

    @Test
    void cache_reusesBaselinesWithinARun_whenFewerSamplesThanRepeats() {
        BaselineCache cache = BaselineCache.defaults();
        long with = requestsOverRuns(cache, 1, 4, 1);
        assertThat(cache.savedCalls()).isEqualTo(2 * 3 * 3); // tasks x (repeats - samples) x calls
        assertThat(with).isEqualTo(2 * 4 * 3 + 2 * 3);
    }

    @Test
    void cache_entriesExpireAfterTheirTtl() {
        AtomicLong nanos = new AtomicLong();
        Ticker ticker = nanos::get;
        BaselineCache cache = BaselineCache.of(Duration.ofHours(1), 100, ticker);
        requestsOverRuns(cache, 1, 1, 1);
        requestsOverRuns(cache, 1, 1, 1);
        assertThat(cache.hits()).isEqualTo(2);
        nanos.addAndGet(Duration.ofMinutes(61).toNanos());
        requestsOverRuns(cache, 1, 1, 1);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(4);
    }

    @Test
    void cacheKey_changesWithEveryInput() {
        Baseline b = new Baseline(Baseline.Kind.SELF_CONSISTENCY, TEAM.getFirst());
        String key = BaselineCache.key(b, TASK, 3, "none", 0);
        assertThat(BaselineCache.key(b, TASK, 3, "none", 0)).isEqualTo(key);
        assertThat(List.of(
                BaselineCache.key(b, Task.of("What is 2 + 3?"), 3, "none", 0),
                BaselineCache.key(b, TASK, 4, "none", 0),
                BaselineCache.key(b, TASK, 3, "pairwise-v1/j", 0),
                BaselineCache.key(b, TASK, 3, "none", 1),
                BaselineCache.key(new Baseline(Baseline.Kind.BEST_OF_N, TEAM.getFirst()), TASK, 3, "none", 0),
                BaselineCache.key(new Baseline(b.kind(), new AgentSpec("agent-1", "other-model", AgentSpec.DEFAULT_SYSTEM_PROMPT, 0.7)), TASK, 3, "none", 0),
                BaselineCache.key(new Baseline(b.kind(), new AgentSpec("agent-1", Models.MODEL, AgentSpec.DEFAULT_SYSTEM_PROMPT, 0.2)), TASK, 3, "none", 0),
                BaselineCache.key(new Baseline(b.kind(), new AgentSpec("agent-1", Models.MODEL, "Be brief.", 0.7)), TASK, 3, "none", 0)))
                .doesNotContain(key).doesNotHaveDuplicates();
    }
}
