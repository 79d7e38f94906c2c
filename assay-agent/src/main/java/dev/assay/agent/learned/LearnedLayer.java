package dev.assay.agent.learned;

import dev.assay.agent.command.Decision;
import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.Neighbour;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.memory.Posterior;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The learned layer's decision for one interaction: embed it ({@link InteractionEncoder}), estimate P(unsafe), and
 * apply a calibrated {@link DecisionRule} (ESCALATE when the entropy says the estimate is a guess). Two estimators:
 * <ul>
 *   <li>{@link #memory}: the pattern memory's k-NN posterior ({@link PatternMemory#recall}, so the neighbours used
 *       gain importance); it learns online, one labelled exemplar at a time;</li>
 *   <li>{@link #classifier}: logistic regression on the embedding and the {@link TrajectoryFeatures}, trained
 *       offline; the better of the two under cross-validation on R-Judge (BENCHMARKS).</li>
 * </ul>
 */
public final class LearnedLayer {
    /** The decision with the numbers behind it; neighbours are empty for the classifier. */
    public record Judgement(Decision decision, double pUnsafe, List<Neighbour> neighbours, DecisionRule rule) {
        public Judgement {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(rule, "rule");
            if (!(pUnsafe >= 0 && pUnsafe <= 1)) throw new IllegalArgumentException("pUnsafe must be in [0, 1], but was " + pUnsafe);
            neighbours = List.copyOf(neighbours);
        }

        /** Binary entropy of the posterior, in bits. */
        public double entropy() {
            return Posterior.entropy(pUnsafe);
        }
    }

    private interface Estimator {
        Judgement judge(Interaction interaction, float[] embedding, DecisionRule rule);
    }

    private final InteractionEncoder encoder;
    private final Estimator estimator;
    private final DecisionRule rule;

    private LearnedLayer(InteractionEncoder encoder, Estimator estimator, DecisionRule rule) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.estimator = estimator;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public static LearnedLayer memory(InteractionEncoder encoder, PatternMemory memory, DecisionRule rule) {
        Objects.requireNonNull(memory, "memory");
        if (memory.config().dimension() != encoder.dimension()) {
            throw new InvalidInputException("the memory holds " + memory.config().dimension()
                    + "-dimensional exemplars, but the encoder gives " + encoder.dimension());
        }
        return new LearnedLayer(encoder, (interaction, embedding, r) -> {
            Posterior p = memory.recall(embedding);
            return new Judgement(r.decide(p.pUnsafe()), p.pUnsafe(), p.neighbours(), r);
        }, rule);
    }

    /** {@code model} must have been fitted on {@link #classifierRow} rows. */
    public static LearnedLayer classifier(InteractionEncoder encoder, LogisticModel model, DecisionRule rule) {
        Objects.requireNonNull(model, "model");
        return new LearnedLayer(encoder, (interaction, embedding, r) -> {
            double p = model.pUnsafe(classifierRow(embedding, TrajectoryFeatures.of(interaction)));
            return new Judgement(r.decide(p), p, List.of(), r);
        }, rule);
    }

    /** The classifier's input: the embedding followed by the trajectory features. */
    public static double[] classifierRow(float[] embedding, double[] features) {
        double[] row = new double[embedding.length + features.length];
        for (int j = 0; j < embedding.length; j++) row[j] = embedding[j];
        System.arraycopy(features, 0, row, embedding.length, features.length);
        return row;
    }

    public Judgement judge(Interaction interaction) {
        return estimator.judge(interaction, encoder.encode(interaction), rule);
    }
}
