package dev.assay.llm.coordinate;

import java.util.List;
import java.util.Objects;

/**
 * One run of a team on a task.
 *
 * @param strategy the strategy's name
 * @param answer   the team's reply
 * @param finals   each agent's last reply, in team order (what consensus is measured on)
 * @param solos     every agent's own answer to the task, given before seeing any other agent's work, in team order:
 *                  the single-agent answers omega compares with (the opening replies in parallel and debate; in a
 *                  sequential chain the first agent's chain reply and every other agent's solo call)
 * @param calls     model calls of the strategy (what the baseline matches)
 * @param soloCalls model calls made only to have the solo answers ({@link Strategy#soloCalls})
 */
public record CoordinatedRun(String strategy, String answer, List<AgentReply> finals, List<AgentReply> solos, long calls, long soloCalls) {
    public CoordinatedRun {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(answer, "answer");
        finals = List.copyOf(finals);
        solos = List.copyOf(solos);
    }

    /** One agent's reply. */
    public record AgentReply(String agent, String reply) {
        public AgentReply {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** The agents' final replies' texts, in team order. */
    public List<String> finalReplies() {
        return finals.stream().map(AgentReply::reply).toList();
    }
}
