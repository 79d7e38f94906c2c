package dev.assay.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Model;
import dev.assay.core.registry.ModelVersion;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.RollbackOutcome;
import dev.assay.core.registry.RouteDecision;
import dev.assay.core.registry.Stage;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Models, versions and rollout over HTTP. Reads need a viewer token; every change needs an
 * operator token and is recorded in the ledger.
 */
public final class ModelsModule implements ApiModule {
    record RegisterModel(String name, String description) {}

    record ProvenanceBody(JsonNode config, String dataHash, Long seed, String codeVersion, String builtAt) {}

    record RegisterVersion(String version, ProvenanceBody provenance) {}

    private static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    record Deploy(String version, String stage, Double trafficPercent, String reason) {}

    record VersionChange(String version, String reason) {}

    record ModelList(List<Model> models) {}

    record ModelView(Model model, List<Deployment> deployments) {}

    record VersionList(String model, List<ModelVersion> versions) {}

    record RollbackView(String outcome, List<Deployment> changed, Long ledgerSeq) {}

    private final Registry registry;
    private final Clock clock;

    /** A module over {@code registry}; {@code clock} dates versions registered without {@code builtAt}. */
    public ModelsModule(Registry registry, Clock clock) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "models";
    }

    @Override
    public java.util.List<dev.assay.server.DashboardView> views() {
        return java.util.List.of(new dev.assay.server.DashboardView("models", "Models and rollouts", "views/models.js", 10));
    }

    @Override
    public void register(Routes routes) {
        Access viewer = Access.atLeast(Role.VIEWER);
        Access operator = Access.atLeast(Role.OPERATOR);
        routes.get("/api/v1/models", viewer, "Every registered model", ctx -> ctx.json(new ModelList(registry.models())));
        routes.post("/api/v1/models", operator, "Register a model from {\"name\", \"description\"}", ctx -> {
            RegisterModel req = Requests.body(ctx, RegisterModel.class);
            ctx.status(201).json(registry.registerModel(required(req.name(), "name"), req.description()));
        });
        routes.get("/api/v1/models/{model}", viewer, "A model and its deployments", ctx -> {
            String name = ctx.pathParam("model");
            Model m = registry.model(name).orElseThrow(() -> new NotFoundException("model " + name + " is not registered"));
            ctx.json(new ModelView(m, registry.deployments(name)));
        });
        routes.get("/api/v1/models/{model}/versions", viewer, "A model's versions with their provenance",
                ctx -> ctx.json(new VersionList(ctx.pathParam("model"), registry.versions(ctx.pathParam("model")))));
        routes.post("/api/v1/models/{model}/versions", operator,
                "Register a version from {\"version\", \"provenance\": {\"dataHash\", \"seed\", \"codeVersion\", \"config\" (default {}), "
                        + "\"builtAt\" (default now)}}, as models add-version does",
                ctx -> {
                    RegisterVersion req = Requests.body(ctx, RegisterVersion.class);
                    Provenance provenance = provenance(req, clock);
                    ctx.status(201).json(registry.registerVersion(ctx.pathParam("model"), req.version(), provenance));
                });
        routes.post("/api/v1/models/{model}/deployments", operator,
                "Move a version to a stage: {\"version\", \"stage\": SHADOW|CANARY|AB|PRIMARY|RETIRED, \"trafficPercent\", \"reason\"}",
                ctx -> {
                    Deploy req = Requests.body(ctx, Deploy.class);
                    ctx.json(registry.deploy(ctx.pathParam("model"), required(req.version(), "version"),
                            stage(required(req.stage(), "stage")), req.trafficPercent() == null ? 0 : req.trafficPercent(),
                            required(req.reason(), "reason")));
                });
        routes.post("/api/v1/models/{model}/promote", operator, "Promote a candidate: {\"version\", \"reason\"}", ctx -> {
            VersionChange req = Requests.body(ctx, VersionChange.class);
            ctx.json(registry.promote(ctx.pathParam("model"), required(req.version(), "version"), required(req.reason(), "reason")));
        });
        routes.post("/api/v1/models/{model}/rollback", operator,
                "Take a version out of traffic (idempotent): {\"version\", \"reason\"}", ctx -> {
                    VersionChange req = Requests.body(ctx, VersionChange.class);
                    RollbackOutcome out = registry.rollback(ctx.pathParam("model"), required(req.version(), "version"),
                            required(req.reason(), "reason"));
                    ctx.json(switch (out) {
                        case RollbackOutcome.RolledBack r -> new RollbackView("rolled_back", r.changed(), r.ledgerSeq());
                        case RollbackOutcome.AlreadyRolledBack a -> new RollbackView("already_rolled_back", List.of(a.current()), null);
                    });
                });
        routes.get("/api/v1/models/{model}/route", viewer, "Which version serves ?key=K",
                ctx -> {
                    String key = ctx.queryParam("key");
                    if (key == null) throw new InvalidInputException("query parameter 'key' is required");
                    RouteDecision d = registry.route(ctx.pathParam("model"), key);
                    ctx.json(d);
                });
    }

    private static <T> T required(T value, String field) {
        if (value == null) throw new InvalidInputException("field '" + field + "' is required");
        return value;
    }

    static Stage stage(String raw) {
        try {
            return Stage.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("stage must be one of SHADOW, CANARY, AB, PRIMARY, RETIRED, but was '" + raw + "'");
        }
    }

    /** The version's provenance with {@link Provenance#withDefaults} applied; every problem of the request in one 400. */
    static Provenance provenance(RegisterVersion req, Clock clock) {
        List<String> problems = new ArrayList<>();
        if (req.version() == null) problems.add("field 'version' is required");
        ProvenanceBody p = req.provenance();
        Instant builtAt = null;
        if (p == null) {
            problems.add("field 'provenance' is required, with dataHash, seed and codeVersion (config defaults to {}, builtAt to now)");
        } else {
            if (p.dataHash() == null) problems.add("field 'provenance.dataHash' is required");
            if (p.seed() == null) problems.add("field 'provenance.seed' is required");
            if (p.codeVersion() == null) problems.add("field 'provenance.codeVersion' is required");
            if (p.builtAt() != null) {
                try {
                    builtAt = Instant.parse(p.builtAt());
                } catch (DateTimeParseException e) {
                    problems.add("field 'provenance.builtAt' must be an ISO-8601 instant, but was '" + p.builtAt() + "'");
                }
            }
            // the values' own checks; an absent one is already reported above, so a valid stand-in takes its place
            problems.addAll(Provenance.problems(p.config() == null ? EMPTY : p.config(), p.dataHash() == null ? "-" : p.dataHash(),
                    p.codeVersion() == null ? "-" : p.codeVersion()));
        }
        if (!problems.isEmpty()) throw new InvalidInputException("cannot register the version: " + String.join("; ", problems));
        return Provenance.withDefaults(p.config(), p.dataHash(), p.seed(), p.codeVersion(), builtAt, clock);
    }
}
