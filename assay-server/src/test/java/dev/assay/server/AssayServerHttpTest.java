package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssayServerHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT = 64 * 1024;

    private TestServer t;

    /** Routes only tests use: one that fails unexpectedly, one that throws a domain exception. */
    private static final class FaultyModule implements ApiModule {
        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public void register(Routes routes) {
            routes.get("/api/v1/test/boom", Access.anonymous(), "Fails with an unexpected exception", ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
            routes.get("/api/v1/test/missing/{name}", Access.atLeast(Role.VIEWER), "Always not found", ctx -> {
                throw new NotFoundException("no model named " + ctx.pathParam("name"));
            });
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        t = new TestServer(dir, Map.of("server.maxRequestBytes", Long.toString(LIMIT)), List.of(new FaultyModule()));
    }

    @AfterAll
    void stop() {
        t.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertJsonError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(r).get("error");
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(r.body()).doesNotContain("at dev.assay").doesNotContain("Exception");
    }

    @Test
    void liveIsUpWithoutToken() {
        HttpResponse<String> r = t.get("/health/live", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyListsTheStoreAsUp() {
        HttpResponse<String> r = t.get("/health/ready", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).at("/components/store/status").asText()).isEqualTo("UP");
    }

    @Test
    void bindsTheConfiguredLoopbackAddress() {
        assertThat(t.server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(t.server.port()).isPositive();
    }

    @Test
    void metricsNeedAViewerTokenAndShowTheHttpTimerAfterARequest() {
        assertJsonError(t.get("/metrics", null), 401, "unauthorized");
        t.get("/health/live", null);
        HttpResponse<String> r = t.get("/metrics", t.viewer);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*route=\"/health/live\"[^}]*status=\"200\"[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void unmatchedPathsShareOneMetricsSeries() {
        t.get("/no/such/" + System.nanoTime(), null);
        assertThat(t.get("/metrics", t.viewer).body()).contains("route=\"UNMATCHED\"").doesNotContain("/no/such/");
    }

    @Test
    void missingTokenGets401WithBearerChallenge() {
        HttpResponse<String> r = t.get("/api/v1/whoami", null);
        assertJsonError(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"assay\"");
    }

    @Test
    void unknownTokenGets401InvalidToken() {
        HttpResponse<String> r = t.get("/api/v1/whoami", "assay_" + "A".repeat(43));
        assertJsonError(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertJsonError(t.send(t.request("/api/v1/whoami", null).header("Authorization", "Basic dXNlcjpwdw==").build()),
                401, "unauthorized");
    }

    @Test
    void viewerOnAnOperatorRouteGets403() {
        HttpResponse<String> r = t.get("/api/v1/tokens", t.viewer);
        assertJsonError(r, 403, "forbidden");
        assertThat(json(r).at("/error/message").asText()).contains("requires role operator").contains("role viewer");
    }

    @Test
    void operatorListsTokensWithoutSecretsButCannotCreateThem() {
        HttpResponse<String> r = t.get("/api/v1/tokens", t.operator);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("tokens").findValuesAsText("name")).contains("viewer", "operator", "admin");
        assertThat(r.body()).doesNotContain(t.viewer).doesNotContain(t.admin).doesNotContain("hash");
        assertJsonError(t.post("/api/v1/tokens", t.operator, "{\"name\":\"x\",\"role\":\"viewer\"}"), 403, "forbidden");
    }

    @Test
    void adminCreatesATokenThatThenAuthenticatesAndCanBeRevoked() {
        HttpResponse<String> created = t.post("/api/v1/tokens", t.admin, "{\"name\":\"ci\",\"role\":\"operator\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = json(created).get("token").asText();
        long id = json(created).get("id").asLong();
        HttpResponse<String> who = t.get("/api/v1/whoami", secret);
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(json(who).get("role").asText()).isEqualTo("operator");
        assertThat(json(who).get("name").asText()).isEqualTo("ci");

        assertThat(t.delete("/api/v1/tokens/" + id, t.admin).statusCode()).isEqualTo(200);
        assertJsonError(t.get("/api/v1/whoami", secret), 401, "unauthorized");
        assertJsonError(t.delete("/api/v1/tokens/" + id, t.admin), 409, "conflict");
        assertJsonError(t.delete("/api/v1/tokens/99999", t.admin), 404, "not_found");
        assertJsonError(t.delete("/api/v1/tokens/abc", t.admin), 400, "bad_request");
    }

    @Test
    void badFieldsGet400NamingTheField() {
        assertThat(json(t.post("/api/v1/tokens", t.admin, "{\"name\":\"x\",\"role\":\"root\"}")).at("/error/message").asText())
                .contains("root");
        assertThat(json(t.post("/api/v1/tokens", t.admin, "{\"name\":\"x\",\"role\":\"viewer\",\"extra\":1}"))
                .at("/error/message").asText()).contains("unknown field 'extra'");
        assertThat(json(t.post("/api/v1/tokens", t.admin, "{\"name\":\"x\"}")).at("/error/message").asText())
                .contains("'role' is required");
    }

    @Test
    void malformedJsonGets400NamingTheProblemAndStoresNothing() {
        int before = t.tokens.list().size();
        HttpResponse<String> r = t.post("/api/v1/tokens", t.admin, "{\"name\": \"x\", \"role\": ");
        assertJsonError(r, 400, "bad_request");
        assertThat(json(r).at("/error/message").asText()).startsWith("malformed JSON at line 1");
        assertJsonError(t.post("/api/v1/tokens", t.admin, "{\"name\": \"x\" \"role\": \"viewer\"}"), 400, "bad_request");
        assertJsonError(t.post("/api/v1/tokens", t.admin, ""), 400, "bad_request");
        assertThat(t.tokens.list()).hasSize(before);
    }

    @Test
    void oversizedBodyGets413AndStoresNothing() {
        int before = t.tokens.list().size();
        String huge = "{\"name\":\"" + "x".repeat((int) LIMIT) + "\",\"role\":\"viewer\"}";
        HttpResponse<String> declared = t.post("/api/v1/tokens", t.admin, huge);
        assertJsonError(declared, 413, "payload_too_large");
        assertThat(json(declared).at("/error/message").asText()).contains(Long.toString(LIMIT));

        // Without Content-Length (chunked), the limit is enforced while reading.
        HttpResponse<String> chunked = t.send(t.request("/api/v1/tokens", t.admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes())))
                .build());
        assertJsonError(chunked, 413, "payload_too_large");
        assertThat(t.tokens.list()).hasSize(before);
        assertThat(t.get("/metrics", t.viewer).body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/tokens\"[^}]*status=\"413\"[^}]*} 2");
    }

    @Test
    void unknownRouteGets404Json() {
        HttpResponse<String> r = t.get("/api/v1/nothing-here", t.admin);
        assertJsonError(r, 404, "not_found");
        assertThat(json(r).at("/error/message").asText()).isEqualTo("no route for GET /api/v1/nothing-here");
    }

    @Test
    void wrongMethodOnAKnownPathGets405Json() {
        HttpResponse<String> r = t.post("/health/live", null, "{}");
        assertJsonError(r, 405, "method_not_allowed");
    }

    @Test
    void mutatedBodiesGetA4xxJsonErrorAndNeverA500() {
        String valid = "{\"name\":\"fuzz\",\"role\":\"viewer\"}";
        java.util.Random random = new java.util.Random(20260101L);
        int before = t.tokens.list().size();
        int created = 0;
        for (int i = 0; i < 60; i++) {
            char[] body = valid.toCharArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) body[random.nextInt(body.length)] = (char) (32 + random.nextInt(95));
            String mutated = new String(body, 0, random.nextInt(4) == 0 ? random.nextInt(body.length) : body.length);
            HttpResponse<String> r = t.post("/api/v1/tokens", t.admin, mutated);
            assertThat(r.statusCode()).as(mutated + " -> " + r.body()).isIn(201, 400);
            if (r.statusCode() == 201) created++;
            else assertJsonError(r, 400, "bad_request");
        }
        assertThat(t.tokens.list()).hasSize(before + created);
    }

    @Test
    void domainNotFoundMapsTo404() {
        HttpResponse<String> r = t.get("/api/v1/test/missing/ranker", t.viewer);
        assertJsonError(r, 404, "not_found");
        assertThat(json(r).at("/error/message").asText()).isEqualTo("no model named ranker");
    }

    @Test
    void unexpectedFailureGets500WithAGenericMessage() {
        HttpResponse<String> r = t.get("/api/v1/test/boom", null);
        assertJsonError(r, 500, "internal_error");
        assertThat(r.body()).doesNotContain("secret internal detail");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        HttpResponse<String> given = t.send(t.request("/health/live", null).header("X-Request-Id", "abc-123").build());
        assertThat(given.headers().firstValue("X-Request-Id")).contains("abc-123");
        HttpResponse<String> generated = t.get("/health/live", null);
        assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
        HttpResponse<String> error = t.send(t.request("/nope", null).header("X-Request-Id", "err-9").build());
        assertThat(json(error).at("/error/requestId").asText()).isEqualTo("err-9");
    }

    @Test
    void openApiListsExactlyTheRegisteredRoutesWithTheirRoles() {
        HttpResponse<String> r = t.get("/api/v1/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        int operations = 0;
        for (var path : doc.get("paths").properties()) operations += path.getValue().size();
        assertThat(operations).isEqualTo(t.server.routes().size());
        for (RouteInfo route : t.server.routes()) {
            JsonNode op = doc.at("/paths/" + route.path().replace("/", "~1") + "/" + route.method().name().toLowerCase());
            assertThat(op.isMissingNode()).as(route.toString()).isFalse();
            assertThat(op.get("x-assay-role").asText()).isEqualTo(route.access().label());
        }
        assertThat(doc.at("/paths/~1api~1v1~1tokens/post/x-assay-role").asText()).isEqualTo("admin");
        assertThat(doc.at("/paths/~1api~1v1~1tokens/get/x-assay-role").asText()).isEqualTo("operator");
        assertThat(doc.at("/paths/~1metrics/get/x-assay-role").asText()).isEqualTo("viewer");
        assertThat(doc.at("/paths/~1api~1v1~1test~1missing~1{name}/get/parameters/0/name").asText()).isEqualTo("name");
        assertThat(doc.at("/paths/~1api~1v1~1test~1boom/get/tags/0").asText()).isEqualTo("faulty");
    }
}
