package dev.assay.protocol.classify;

import dev.assay.protocol.flow.FlowSample;
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
    private final List<Function<FlowSample, Optional<Classification>>> stages;

    Classifier(List<Function<FlowSample, Optional<Classification>>> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The stages this build has: the well-known port as the last resort. */
    public static Classifier standard() {
        return new Classifier(List.of(Classifier::byPort));
    }

    public Classification classify(FlowSample flow) {
        Classification first = null;
        for (var stage : stages) {
            Optional<Classification> c = stage.apply(flow);
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
