package dev.assay.server.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.RouteInfo;
import dev.assay.server.Routes;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/openapi.json}: an OpenAPI 3.1 document generated from the server's own
 * route table, so it lists exactly the routes registered, each with its required role
 * ({@code x-assay-role}) and bearer security. Anonymous: the API's shape is not a secret.
 */
public final class OpenApiModule implements ApiModule {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String version;

    /** A document that states API version {@code version}. */
    public OpenApiModule(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "openapi";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/openapi.json", Access.anonymous(), "This OpenAPI 3.1 document, generated from the route table",
                ctx -> ctx.json(document(routes.all())));
    }

    /** The OpenAPI 3.1 document describing {@code routes}. */
    ObjectNode document(List<RouteInfo> routes) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Assay API").put("version", version)
                .put("description", "Evidence that production ML models are what was shipped. Bearer tokens carry a role: "
                        + "viewer < operator < admin; a route's x-assay-role is the least role it accepts.");
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        components.putObject("schemas").set("Error", errorSchema());
        ObjectNode paths = doc.putObject("paths");
        for (RouteInfo r : routes) {
            String path = openApiPath(r.path());
            ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            item.set(r.method().name().toLowerCase(Locale.ROOT), operation(r));
        }
        return doc;
    }

    private static ObjectNode operation(RouteInfo r) {
        ObjectNode op = JSON.objectNode();
        op.put("summary", r.summary());
        op.put("operationId", operationId(r));
        op.putArray("tags").add(r.module());
        op.put("x-assay-role", r.access().label());
        ArrayNode security = op.putArray("security");
        boolean secured = r.access() instanceof Access.AtLeast;
        if (secured) security.addObject().putArray("bearer");
        Matcher m = PATH_PARAM.matcher(openApiPath(r.path()));
        ArrayNode params = JSON.arrayNode();
        while (m.find()) {
            params.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        if (!params.isEmpty()) op.set("parameters", params);
        ObjectNode responses = op.putObject("responses");
        responses.putObject("2XX").put("description", "Success");
        if (secured) {
            responses.set("401", errorResponse("No token, or an unknown or revoked token"));
            responses.set("403", errorResponse("The token's role is below " + r.access().label()));
        }
        responses.set("default", errorResponse("Error"));
        return op;
    }

    /** The route's path in OpenAPI's template syntax: Javalin's {@code <name>} (which spans slashes) as {@code {name}}. */
    private static String openApiPath(String path) {
        return path.replaceAll("<([^>]+)>", "{$1}");
    }

    private static String operationId(RouteInfo r) {
        StringBuilder id = new StringBuilder(r.method().name().toLowerCase(Locale.ROOT));
        for (String part : r.path().split("[/.{}<>-]+")) {
            if (part.isEmpty()) continue;
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    private static ObjectNode errorResponse(String description) {
        ObjectNode resp = JSON.objectNode().put("description", description);
        resp.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
        return resp;
    }

    private static ObjectNode errorSchema() {
        ObjectNode inner = JSON.objectNode().put("type", "object");
        ObjectNode props = inner.putObject("properties");
        props.putObject("status").put("type", "integer");
        props.putObject("code").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("requestId").put("type", "string");
        inner.putArray("required").add("status").add("code").add("message").add("requestId");
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties").set("error", inner);
        schema.putArray("required").add("error");
        return schema;
    }
}
