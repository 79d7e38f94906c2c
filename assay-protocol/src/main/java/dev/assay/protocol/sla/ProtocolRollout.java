package dev.assay.protocol.sla;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ConflictException;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.ModelVersion;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.RouteDecision;
import dev.assay.core.registry.Stage;
import dev.assay.protocol.flow.FlowSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The classifier versions this build has, rolled out through the core {@link Registry} as the model
 * {@value #MODEL}: every request is routed by a stable hash of its flow's key (transport, VLAN and the two ends in
 * a fixed order, so both directions of a flow and every packet of it go to the same version) to the primary or to a
 * canary / A/B candidate with its traffic share, and answered by that version's {@link DiscoveryService}. Promotion
 * and rollback are the registry's ({@code assay models promote / rollback}, or {@link CanaryContract}), each a ledger
 * entry. A version the registry routes to but this build does not have is answered by the primary, and counted.
 *
 * <p>Meters: {@value #AB_REQUESTS} (tags version, stage), {@value #ACTIVE} (1 for the version the registry routes
 * a key's primary share to, per version).
 */
public final class ProtocolRollout implements Discovery, AutoCloseable {
    /** The registry's name for the protocol classifier. */
    public static final String MODEL = "protocol-classifier";
    public static final String AB_REQUESTS = "assay.protocol.ab.requests";
    public static final String ACTIVE = "assay.protocol.active.version";

    private final Registry registry;
    private final Map<String, DiscoveryService> versions;
    private final String fallback;
    private final MeterRegistry meters;

    private final String codeVersion;
    private final Clock clock;
    private volatile boolean registered;

    private ProtocolRollout(Registry registry, Map<String, DiscoveryService> versions, String fallback, String codeVersion, Clock clock,
                            MeterRegistry meters) {
        this.registry = registry;
        this.codeVersion = codeVersion;
        this.clock = clock;
        this.versions = versions;
        this.fallback = fallback;
        this.meters = meters;
        for (String v : versions.keySet()) {
            Gauge.builder(ACTIVE, this, r -> r.isPrimary(v) ? 1 : 0).tag("version", v)
                    .description("1 for the protocol classifier version that is the registry's primary").register(meters);
        }
    }

    /**
     * The rollout of {@code builds} with {@code primary} the version that answers until the registry says otherwise.
     * Nothing is written until the first request ({@link #register}): a service that never classifies a flow leaves
     * the registry and the ledger as they were.
     */
    public static ProtocolRollout open(Registry registry, List<DiscoveryService> builds, String primary, String codeVersion, Clock clock,
                                       MeterRegistry meters) {
        Objects.requireNonNull(registry, "registry");
        Map<String, DiscoveryService> byVersion = new LinkedHashMap<>();
        for (DiscoveryService s : builds) byVersion.put(s.version(), s);
        if (!byVersion.containsKey(primary)) throw new IllegalArgumentException("primary " + primary + " is not among the builds " + byVersion.keySet());
        return new ProtocolRollout(registry, byVersion, primary, codeVersion, clock, meters);
    }

    /**
     * Registers the model and each version the registry does not know yet (provenance: the version's tiers, the digest
     * of what it loads, this build's code version), and makes the default primary the primary when the model has none;
     * existing deployments are left as they are. Idempotent; {@link #discover} calls it before the first request.
     */
    public void register() {
        if (registered) return;
        synchronized (this) {
            if (registered) return;
            if (registry.model(MODEL).isEmpty()) {
                try {
                    registry.registerModel(MODEL, "protocol discovery: names the protocol of network flows");
                } catch (ConflictException raced) {
                    // another instance registered it first
                }
            }
            List<String> known = registry.versions(MODEL).stream().map(ModelVersion::version).toList();
            for (DiscoveryService s : versions.values()) {
                if (known.contains(s.version())) continue;
                ObjectNode config = JsonNodeFactory.instance.objectNode();
                config.putArray("tiers").addAll(s.tierNames().stream().map(JsonNodeFactory.instance::textNode).toList());
                try {
                    registry.registerVersion(MODEL, s.version(), new Provenance(config, s.contentDigest(), 0, codeVersion, clock.instant()));
                } catch (ConflictException raced) {
                    // registered by another instance meanwhile
                }
            }
            boolean hasPrimary = registry.deployments(MODEL).stream().anyMatch(d -> d.stage() == Stage.PRIMARY);
            if (!hasPrimary) registry.deploy(MODEL, fallback, Stage.PRIMARY, 0, "the protocol classifier this build serves by default");
            registered = true;
        }
    }

    /** The versions this build can serve. */
    public List<String> versions() {
        return List.copyOf(versions.keySet());
    }

    /** The service answering {@code version}, or empty when this build does not have it. */
    public Optional<DiscoveryService> service(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** The registry's current deployments of the classifier. */
    public List<Deployment> deployments() {
        return registry.deployments(MODEL);
    }

    /** Classifies the request's flow with the version the registry routes its key to. */
    @Override
    public DiscoveryResult discover(DiscoveryRequest request) {
        register();
        RouteDecision route = registry.route(MODEL, key(request.flow()));
        DiscoveryService service = versions.get(route.version());
        String stage = route.stage().name();
        if (service == null) {
            service = primaryService();
            stage = "UNAVAILABLE";
        }
        Counter.builder(AB_REQUESTS).tag("version", service.version()).tag("stage", stage)
                .description("protocol classifications per classifier version and rollout stage").register(meters).increment();
        return service.discover(request);
    }

    private DiscoveryService primaryService() {
        if (!registered) return versions.get(fallback);
        for (Deployment d : registry.deployments(MODEL)) {
            if (d.stage() == Stage.PRIMARY && versions.containsKey(d.version())) return versions.get(d.version());
        }
        return versions.get(fallback);
    }

    private boolean isPrimary(String version) {
        if (!registered) return version.equals(fallback);
        try {
            return registry.deployments(MODEL).stream().anyMatch(d -> d.stage() == Stage.PRIMARY && d.version().equals(version));
        } catch (RuntimeException e) { // the store is unreachable while the meters are read: not the primary as far as we know
            return false;
        }
    }

    /** The routing key of a flow: transport, VLAN and the two ends in a fixed order (the same for both directions). */
    static String key(FlowSample f) {
        String a = f.a().toString();
        String b = f.b().toString();
        return f.l4().name() + "|" + f.vlan() + "|" + (a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a);
    }

    /** The registry's primary, when this build has it; else the build's default. */
    @Override
    public String version() {
        return primaryService().version();
    }

    /** The statistics of the build's default version; versions built to share one {@link DiscoveryStats} count together. */
    @Override
    public DiscoveryStats stats() {
        return versions.get(fallback).stats();
    }

    /** Stops every version's workers. */
    @Override
    public void close() {
        versions.values().forEach(DiscoveryService::close);
    }
}
