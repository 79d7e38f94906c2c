package dev.assay.agent.learned;

import dev.assay.agent.command.Decision;
import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.memory.Posterior;
import dev.assay.agent.rjudge.Interaction;
import java.util.Objects;

/**
 * The learned layer's decision for one interaction: embed it ({@link InteractionEncoder}), ask the pattern memory
 * for a posterior over safe / unsafe ({@link PatternMemory#recall}, so the neighbours used gain importance), and
 * apply the calibrated {@link DecisionRule} (ESCALATE when uncertain).
 */
public final class LearnedLayer {
    /** The decision with the numbers behind it. */
    public record Judgement(Decision decision, Posterior posterior, DecisionRule rule) {
        public Judgement {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(posterior, "posterior");
            Objects.requireNonNull(rule, "rule");
        }
    }

    private final InteractionEncoder encoder;
    private final PatternMemory memory;
    private final DecisionRule rule;

    public LearnedLayer(InteractionEncoder encoder, PatternMemory memory, DecisionRule rule) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Judgement judge(Interaction interaction) {
        Posterior p = memory.recall(encoder.encode(interaction));
        return new Judgement(rule.decide(p.pUnsafe()), p, rule);
    }
}
