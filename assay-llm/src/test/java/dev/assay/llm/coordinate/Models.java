package dev.assay.llm.coordinate;

import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recorded and made-up generations for the coordination tests, and a client of the local servers without retries or rate limiting. */
final class Models {
    static final String MODEL = "replay-model";
    static final String JUDGE = "replay-judge";

    private Models() {}

    static ChatClient client(ReplayServer server) {
        return client(server.baseUrl());
    }

    static ChatClient client(AgentServer server) {
        return client(server.baseUrl());
    }

    static ChatClient client(URI base) {
        return ChatClient.openAi(ChatClientConfig.defaults(base).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withRateLimit(10_000, Duration.ofSeconds(5)));
    }

    /** {@code n} agents {@code agent-1 .. agent-n} told apart by their system prompts ({@link #agentIndex} reads it back). */
    static List<AgentSpec> distinctTeam(int n) {
        List<AgentSpec> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new AgentSpec("agent-" + i, MODEL, "You are agent " + i + ". " + AgentSpec.ANSWER_FORMAT, 0.7));
        return List.copyOf(out);
    }

    /** The 0-based index of the {@link #distinctTeam} agent that sent {@code r}, or -1. */
    static int agentIndex(AgentServer.Request r) {
        Matcher m = Pattern.compile("^You are agent (\\d+)\\. ").matcher(r.system());
        return m.find() ? Integer.parseInt(m.group(1)) - 1 : -1;
    }

    /** A judge rating as the judge model would write it. */
    static String rating(int score) {
        return "{\"score\": " + score + "}";
    }

    /** Recordings answering {@code prompt} with each of {@code replies} in turn. */
    static List<Recording> cycle(String prompt, String... replies) {
        List<Recording> out = new ArrayList<>();
        for (String r : replies) out.add(Recording.ofText(prompt, MODEL, r));
        return out;
    }

    /**
     * Answers of a debate of {@link #distinctTeam} agents whose replies are {@code reply(agent, round)} (round 0 the
     * opening): each agent is answered only for the exact prompt it will see in that round.
     */
    static AgentServer.Responder debate(Task task, List<AgentSpec> agents, int rounds, BiFunction<Integer, Integer, String> reply) {
        List<Map<String, String>> byAgent = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) byAgent.add(new HashMap<>(Map.of(Prompts.solo(task), reply.apply(i, 0))));
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < agents.size(); i++) {
                List<String[]> others = new ArrayList<>();
                for (int j = 0; j < agents.size(); j++) if (j != i) others.add(new String[] {agents.get(j).name(), reply.apply(j, round - 1)});
                byAgent.get(i).put(Prompts.debate(task, others), reply.apply(i, round));
            }
        }
        return (r, turn) -> {
            int i = agentIndex(r);
            return i < 0 ? "no such agent" : byAgent.get(i).getOrDefault(r.user(), "no reply for this prompt");
        };
    }

    /** A judge verdict as the judge model would write it. */
    static String verdict(String winner, int a, int b) {
        return "{\"winner\": \"" + winner + "\", \"score_a\": " + a + ", \"score_b\": " + b + "}";
    }

    static Recording judged(Task task, String a, String b, String reply) {
        return Recording.ofText(Prompts.judge(task, a, b), JUDGE, reply);
    }
}
