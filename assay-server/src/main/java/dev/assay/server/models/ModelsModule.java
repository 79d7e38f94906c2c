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
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    record Deploy(String version, String stage, Double trafficPercent, String reason) {}

    record VersionChange(String version, String reason) {}

    record ModelList(List<Model> models) {}

    record ModelView(Model model, List<Deployment> deployments) {}

    record VersionList(String model, List<ModelVersion> versions) {}

    record RollbackView(String outcome, List<Deployment> changed, Long ledgerSeq) {}

    private final Registry registry;

    public ModelsModule(Registry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "models";
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
                "Register a version from {\"version\", \"provenance\": {\"config\", \"dataHash\", \"seed\", \"codeVersion\", \"builtAt\"}}",
                ctx -> {
                    RegisterVersion req = Requests.body(ctx, RegisterVersion.class);
                    ctx.status(201).json(registry.registerVersion(ctx.pathParam("model"), required(req.version(), "version"),
                            provenance(req.provenance())));
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

    static Provenance provenance(ProvenanceBody p) {
        required(p, "provenance");
        Instant builtAt;
        try {
            builtAt = Instant.parse(required(p.builtAt(), "provenance.builtAt"));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("provenance.builtAt must be an ISO-8601 instant, but was '" + p.builtAt() + "'");
        }
        try {
            return new Provenance(required(p.config(), "provenance.config"), required(p.dataHash(), "provenance.dataHash"),
                    required(p.seed(), "provenance.seed"), required(p.codeVersion(), "provenance.codeVersion"), builtAt);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
