package dev.assay.protocol.learn;

import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The learned model as a classifier stage: a protocol with the model's calibrated probability when it is at least the
 * open-set threshold and not {@link LearnedModel#OTHER}, else nothing (the next stage decides). A flow without payload
 * is passed: the model learned protocols from what flows carried. The evidence is what the answer rests on: the
 * answer, runner-up and margin, the packets read, then the {@value #EXPLAINED} features that raised the answer's
 * margin most (SHAP contributions from XGBoost), each with its value and, for a payload byte, the byte range in the
 * form the validators cite ({@code a>b 0+1}). Thread safe.
 */
public final class LearnedStage implements Function<FlowSample, Optional<Classification>> {
    /** How many features the evidence names. */
    public static final int EXPLAINED = 5;

    private final LearnedModel model;

    public LearnedStage(LearnedModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Optional<Classification> apply(FlowSample flow) {
        if (flow.segments().stream().allMatch(s -> s.payload().length == 0)) return Optional.empty();
        float[] x = FlowFeatures.of(flow);
        Prediction p = model.predict(x);
        if (p.label().equals(LearnedModel.OTHER) || p.confidence() < model.threshold()) return Optional.empty();
        int cls = model.labels().indexOf(p.label());
        float[] contribution = model.contributions(x)[cls];
        List<String> evidence = new ArrayList<>();
        int payloadPackets = (int) flow.segments().stream().map(Segment::payload).filter(b -> b.length > 0).count();
        evidence.add(String.format(Locale.ROOT, "learned model: %s at %.3f (threshold %.3f), runner-up %s at %.3f, margin %.3f; read %d packets with payload",
                p.label(), p.confidence(), model.threshold(), p.runnerUp(), p.runnerUpConfidence(), p.margin(), payloadPackets));
        IntStream.range(0, FlowFeatures.SIZE).boxed()
                .filter(i -> contribution[i] > 0)
                .sorted(Comparator.comparingDouble((Integer i) -> -contribution[i]).thenComparingInt(i -> i))
                .limit(EXPLAINED)
                .forEach(i -> evidence.add(describe(i, x[i], p.label(), contribution[i])));
        String runnerUp = p.runnerUp().equals(LearnedModel.OTHER) ? null : p.runnerUp();
        return Optional.of(new Classification(p.label(), Source.LEARNED, p.confidence(), runnerUp, evidence));
    }

    /** {@code "a>b byte 0 = 0x16 (a>b 0+1) raised TLS by 1.84"}; an absent value reads {@code "absent"}. */
    static String describe(int feature, float value, String label, float contribution) {
        String shown = Float.isNaN(value) ? "absent"
                : FlowFeatures.streamByte(feature).isPresent() ? String.format(Locale.ROOT, "0x%02x", (int) value)
                : value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
        String range = Float.isNaN(value) ? "" : FlowFeatures.streamByte(feature).map(b -> " (" + b + ")").orElse("");
        return String.format(Locale.ROOT, "%s = %s%s raised %s by %.3f", FlowFeatures.name(feature), shown, range, label, contribution);
    }
}
