package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent: a model with its own system prompt and sampling temperature.
 *
 * @param name         how the agent is named in reports and in other agents' prompts, not blank
 * @param model        the provider's model name
 * @param systemPrompt its instructions (may be empty: then no system message is sent)
 * @param temperature  sampling temperature in [0, 2]
 */
public record AgentSpec(String name, String model, String systemPrompt, double temperature) {
    /** The instruction every agent prompt ends with, so that final answers can be compared. */
    public static final String ANSWER_FORMAT = "End your reply with a last line of the form 'Answer: <final answer>'.";
    /** The default system prompt of {@link #team} agents. */
    public static final String DEFAULT_SYSTEM_PROMPT = "You are a careful problem solver. " + ANSWER_FORMAT;
    /** The default sampling temperature of {@link #team} agents. */
    public static final double DEFAULT_TEMPERATURE = 0.7;

    public AgentSpec {
        if (name == null || name.isBlank()) throw new InvalidInputException("an agent needs a non-blank name");
        if (model == null || model.isBlank()) throw new InvalidInputException("agent " + name + " needs a model name");
        if (systemPrompt == null) throw new InvalidInputException("agent " + name + " needs a system prompt (may be empty)");
        if (!(temperature >= 0 && temperature <= ChatRequest.MAX_TEMPERATURE))
            throw new InvalidInputException("agent " + name + ": temperature must be in [0, 2], but was " + temperature);
    }

    /** {@code n} agents {@code agent-1 .. agent-n} of {@code model} with the default system prompt and temperature. */
    public static List<AgentSpec> team(String model, int n) {
        if (n < 1) throw new InvalidInputException("a team needs at least one agent, but was " + n);
        List<AgentSpec> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) out.add(new AgentSpec("agent-" + i, model, DEFAULT_SYSTEM_PROMPT, DEFAULT_TEMPERATURE));
        return List.copyOf(out);
    }
}
