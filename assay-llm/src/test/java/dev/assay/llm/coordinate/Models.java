package dev.assay.llm.coordinate;

import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Recorded generations for the coordination tests, and a client of the replay server without retries or rate limiting. */
final class Models {
    static final String MODEL = "replay-model";
    static final String JUDGE = "replay-judge";

    private Models() {}

    static ChatClient client(ReplayServer server) {
        return ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withRateLimit(10_000, Duration.ofSeconds(5)));
    }

    /** Recordings answering {@code prompt} with each of {@code replies} in turn. */
    static List<Recording> cycle(String prompt, String... replies) {
        List<Recording> out = new ArrayList<>();
        for (String r : replies) out.add(Recording.ofText(prompt, MODEL, r));
        return out;
    }

    /**
     * Recordings of a debate whose agents' replies are {@code reply(agent, round)} (round 0 the opening): the opening
     * replies under the task's prompt (in agent order) and every later reply under the exact prompt the agent will see.
     */
    static List<Recording> debate(Task task, List<AgentSpec> agents, int rounds, BiFunction<Integer, Integer, String> reply) {
        List<Recording> out = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            previous.add(reply.apply(i, 0));
            out.add(Recording.ofText(Prompts.solo(task), MODEL, previous.get(i)));
        }
        for (int round = 1; round <= rounds; round++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                List<String[]> others = new ArrayList<>();
                for (int j = 0; j < agents.size(); j++) if (j != i) others.add(new String[] {agents.get(j).name(), previous.get(j)});
                next.add(reply.apply(i, round));
                out.add(Recording.ofText(Prompts.debate(task, others), MODEL, next.get(i)));
            }
            previous = next;
        }
        return out;
    }

    /** A judge verdict as the judge model would write it. */
    static String verdict(String winner, int a, int b) {
        return "{\"winner\": \"" + winner + "\", \"score_a\": " + a + ", \"score_b\": " + b + "}";
    }

    static Recording judged(Task task, String a, String b, String reply) {
        return Recording.ofText(Prompts.judge(task, a, b), JUDGE, reply);
    }
}
