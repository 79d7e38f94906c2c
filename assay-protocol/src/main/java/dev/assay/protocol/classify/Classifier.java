package dev.assay.protocol.classify;

import dev.assay.protocol.dpi.ByteRange;
import dev.assay.protocol.dpi.Check;
import dev.assay.protocol.dpi.Detection;
import dev.assay.protocol.dpi.Dpi;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.learn.LearnedStage;
import dev.assay.protocol.port.PortGuess;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Classifies flows in stages: each stage either names the protocol or passes; the first that names it decides,
 * and a later stage that names another protocol is reported as the runner-up. Without any, the flow is
 * {@link Classification#UNKNOWN}. Thread-safe when its stages are.
 */
public final class Classifier {
    /** A protocol named by the IP header itself: as sure as the header was read right. */
    static final double TRANSPORT_CONFIDENCE = 0.99;

    private final List<String> names;
    private final List<Function<FlowSample, Optional<Classification>>> stages;

    Classifier(List<String> names, List<Function<FlowSample, Optional<Classification>>> stages) {
        if (names.size() != stages.size()) throw new IllegalArgumentException(names.size() + " names for " + stages.size() + " stages");
        this.names = List.copyOf(names);
        this.stages = List.copyOf(stages);
    }

    /** One stage's answer on a flow, or null when it passed: a step of the decision path. */
    public record StageAnswer(String stage, Classification answer) {}

    /** The decision on a flow and how it was reached: every stage's answer, in order, including those after the decider. */
    public record Explanation(Classification decision, List<StageAnswer> stages) {
        public Explanation {
            stages = List.copyOf(stages);
        }
    }

    /**
     * The stages this build has: protocols that are their own IP protocol number (ICMP, ICMPv6, IGMP), the
     * structural validators, then the well-known port as the last resort.
     */
    public static Classifier standard() {
        return new Classifier(List.of("transport", "validators", "port"), List.of(Classifier::byTransport, Classifier::byDpi, Classifier::byPort));
    }

    /** The names of the stages, in the order they are asked. */
    public List<String> stageNames() {
        return names;
    }

    /** {@link #classify}'s decision with every stage's answer (each stage is asked, even after the decider). */
    public Explanation explain(FlowSample flow) {
        List<Optional<Classification>> answers = new java.util.ArrayList<>(stages.size());
        for (var stage : stages) answers.add(stage.apply(flow));
        List<StageAnswer> path = new java.util.ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) path.add(new StageAnswer(names.get(i), answers.get(i).orElse(null)));
        return new Explanation(decide(answers::get), path);
    }

    /**
     * The standard stages with the learned model between the validators and the port guess: transport, validators,
     * the model (when its calibrated answer clears its open-set threshold), then the port.
     */
    public static Classifier balanced(LearnedModel model) {
        LearnedStage learned = new LearnedStage(model);
        return new Classifier(List.of("transport", "validators", "learned", "port"), List.of(Classifier::byTransport, Classifier::byDpi, learned, Classifier::byPort));
    }

    public Classification classify(FlowSample flow) {
        return decide(i -> stages.get(i).apply(flow));
    }

    /** The decision from the stages' answers, asked in order and only as far as needed. */
    private Classification decide(java.util.function.IntFunction<Optional<Classification>> answer) {
        Classification first = null;
        for (int i = 0; i < stages.size(); i++) {
            Optional<Classification> c = answer.apply(i);
            if (c.isEmpty()) continue;
            if (first == null) {
                first = c.get();
                if (first.runnerUp() != null) return first;
            } else if (!c.get().master().equals(first.master())) {
                return new Classification(first.label(), first.source(), first.confidence(), c.get().label(), first.evidence());
            }
        }
        return first != null ? first : Classification.unknown();
    }

    static Optional<Classification> byTransport(FlowSample flow) {
        String label = switch (flow.l4()) {
            case ICMP -> "ICMP";
            case ICMPV6 -> "ICMPV6";
            case IGMP -> "IGMP";
            default -> null;
        };
        return label == null ? Optional.empty()
                : Optional.of(new Classification(label, Source.DPI, TRANSPORT_CONFIDENCE, null, List.of("the IP header's protocol number is " + label + "'s")));
    }

    static Optional<Classification> byDpi(FlowSample flow) {
        return Dpi.classify(flow).map(d -> {
            String[] evidence = new String[d.evidence().size()];
            for (int i = 0; i < evidence.length; i++) evidence[i] = describe(d.evidence().get(i));
            return new Classification(d.fullLabel(), Source.DPI, d.confidence(),
                    d.runnerUp().map(Detection.RunnerUp::label).orElse(null), List.of(evidence));
        });
    }

    /** A check in words, with the bytes it read: {@code "TLS ClientHello length adds up (a>b 0+5, a>b 5+4)"}. */
    static String describe(Check c) {
        if (c.reads().isEmpty()) return c.name();
        StringBuilder s = new StringBuilder(c.name().length() + 2 + 16 * c.reads().size()).append(c.name()).append(" (");
        for (int i = 0; i < c.reads().size(); i++) {
            ByteRange r = c.reads().get(i);
            s.append(i == 0 ? "" : ", ").append(r.direction() == Direction.A_TO_B ? "a>b " : "b>a ").append(r.offset()).append('+').append(r.length());
        }
        return s.append(')').toString();
    }

    static Optional<Classification> byPort(FlowSample flow) {
        for (var end : List.of(flow.b(), flow.a())) {
            Optional<String> label = PortGuess.of(flow.l4(), end.port());
            if (label.isPresent()) {
                return Optional.of(new Classification(label.get(), Source.PORT, PortGuess.CONFIDENCE, null,
                        List.of("port " + end.port() + "/" + flow.l4() + " is " + label.get() + "'s well-known port")));
            }
        }
        return Optional.empty();
    }
}
