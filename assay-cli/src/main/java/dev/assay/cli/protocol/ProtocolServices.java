package dev.assay.cli.protocol;

import dev.assay.cli.VersionCommand;
import dev.assay.core.InvalidInputException;
import dev.assay.core.registry.Registry;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.learn.FlowFeatures;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.sla.DiscoveryService;
import dev.assay.protocol.sla.DiscoveryStats;
import dev.assay.protocol.sla.ProtocolRollout;
import dev.assay.protocol.sla.QualityMode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The protocol classifier versions this build serves, the same for {@code assay serve} and {@code assay protocol bench}:
 * {@value DiscoveryService#STANDARD_VERSION} (validators and the port guess in every mode) and
 * {@value DiscoveryService#LEARNED_VERSION} (the same FAST tier, the shipped learned model in BALANCED and ACCURATE),
 * the default primary.
 */
public final class ProtocolServices {
    private ProtocolServices() {}

    /**
     * The offline classifier of a quality mode, for commands that read captures without a deadline: FAST is the
     * validators and the port guess; BALANCED adds the shipped learned model (which reads the first
     * {@value FlowFeatures#PACKETS} packets with payload) between them; ACCURATE is BALANCED on flows read to
     * {@link FlowLimits#accurate()}.
     */
    public record ModeClassifier(QualityMode mode, Classifier classifier, FlowLimits limits) {
        public Classification classify(FlowSample flow) {
            return classifier.classify(flow);
        }
    }

    /** The quality mode {@code --mode} names, or a usage error naming the choices. */
    public static QualityMode mode(String text) {
        try {
            return QualityMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--mode must be fast, balanced or accurate, but was '" + text + "'");
        }
    }

    /** {@link ModeClassifier} of {@code mode}. */
    public static ModeClassifier offline(QualityMode mode) {
        return switch (mode) {
            case FAST -> new ModeClassifier(mode, Classifier.standard(), FlowLimits.defaults());
            case BALANCED -> new ModeClassifier(mode, Classifier.balanced(LearnedModel.shipped()), FlowLimits.defaults());
            case ACCURATE -> new ModeClassifier(mode, Classifier.balanced(LearnedModel.shipped()), FlowLimits.accurate());
        };
    }

    /** A new service of the default version, its meters in {@code meters}; close it to stop its workers. */
    public static DiscoveryService open(MeterRegistry meters) {
        return DiscoveryService.learned(LearnedModel.shipped(), DiscoveryService.LEARNED_VERSION, meters, new DiscoveryStats());
    }

    /**
     * Both versions through the registry's rollout of {@value ProtocolRollout#MODEL}: registered on first use, with
     * {@value DiscoveryService#LEARNED_VERSION} the primary unless the registry already has one; canaries, A/B splits,
     * promotions and rollbacks are the registry's ({@code assay models ...}).
     */
    public static ProtocolRollout rollout(Registry registry, Clock clock, MeterRegistry meters) {
        return ProtocolRollout.open(registry, builds(meters), DiscoveryService.LEARNED_VERSION, VersionCommand.assayVersion(), clock, meters);
    }

    /** A service of each version this build has, counting into one shared {@link DiscoveryStats}; close each. */
    public static List<DiscoveryService> builds(MeterRegistry meters) {
        DiscoveryStats shared = new DiscoveryStats();
        return List.of(DiscoveryService.standard(meters, shared),
                DiscoveryService.learned(LearnedModel.shipped(), DiscoveryService.LEARNED_VERSION, meters, shared));
    }
}
