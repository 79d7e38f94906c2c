package dev.assay.agent.guard;

import dev.assay.agent.command.Decision;
import dev.assay.agent.policy.Policy;
import java.util.HashMap;
import java.util.Map;

/**
 * Each agent's tier and how it moves: an agent starts at {@code start}; after {@code promoteAfter} allowed actions in
 * a row it moves one tier up (never above {@code max}); a denied action moves it one tier down (when
 * {@code demoteOnDeny}) and restarts the count; {@code safeModeAfter} denied actions in a row put it in safe mode, which only an operator lifts
 * ({@link #reset}). Thread-safe.
 */
final class Autonomy {
    private final Policy.Autonomy config;
    private final Map<String, State> agents = new HashMap<>();

    private static final class State {
        Tier tier;
        int allowedInRow;
        int deniedInRow;

        State(Tier tier) {
            this.tier = tier;
        }
    }

    Autonomy(Policy.Autonomy config) {
        this.config = config;
    }

    synchronized Tier tier(String agent) {
        return agents.computeIfAbsent(key(agent), a -> new State(config.start())).tier;
    }

    /** Moves {@code agent} after a final decision. */
    synchronized void after(String agent, Decision d) {
        State s = agents.computeIfAbsent(key(agent), a -> new State(config.start()));
        if (d == Decision.DENY) {
            s.allowedInRow = 0;
            s.deniedInRow++;
            if (config.safeModeAfter() > 0 && s.deniedInRow >= config.safeModeAfter()) s.tier = Tier.SAFE_MODE;
            else if (config.demoteOnDeny()) s.tier = s.tier.demoted();
        } else if (d == Decision.ALLOW) {
            s.deniedInRow = 0;
            s.allowedInRow++;
            if (config.promoteAfter() > 0 && s.allowedInRow >= config.promoteAfter()) {
                s.tier = s.tier.promoted(config.max());
                s.allowedInRow = 0;
            }
        } else {
            s.deniedInRow = 0;
        }
    }

    /** An operator lifts safe mode (or any demotion): the agent starts over at the start tier. */
    synchronized void reset(String agent) {
        agents.put(key(agent), new State(config.start()));
    }

    private static String key(String agent) {
        return agent == null ? AgentLimits.UNNAMED : agent;
    }
}
