package dev.assay.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliContext;
import dev.assay.cli.Main;
import dev.assay.cli.ServeLifetime;
import dev.assay.server.AssayServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay serve} answers protocol requests through the registry's rollout of the classifier: it registers both
 * versions on first start with the learned one primary, and a canary set with {@code assay models deploy} gets its
 * share of flows, by flow key, until it is rolled back.
 */
class ServeProtocolRolloutTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] DNS_QUERY = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};

    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theClassifierVersionsAreTheRegistrysAndACanaryGetsItsShareOfFlows() throws Exception {
        Map<String, String> env = Map.of("ASSAY_DATA_DIR", dir.toString());
        String viewer = assay(env, "tokens", "create", "--role", "viewer", "--name", "t").strip();

        Map<String, Integer> before = serve(env, server -> versions(server, viewer, 40));
        assertThat(before).containsOnlyKeys("learned-1");
        assertThat(assay(env, "models", "versions", "protocol-classifier")).contains("validators-1").contains("learned-1");

        assay(env, "models", "deploy", "protocol-classifier", "validators-1", "--stage", "CANARY", "--percent", "50", "--reason", "try the validators alone");
        Map<String, Integer> canary = serve(env, server -> versions(server, viewer, 40));
        assertThat(canary).containsOnlyKeys("learned-1", "validators-1");
        assertThat(canary.get("validators-1")).isBetween(8, 32); // 50% of 40 flow keys, by hash

        assay(env, "models", "rollback", "protocol-classifier", "validators-1", "--reason", "done");
        Map<String, Integer> after = serve(env, server -> versions(server, viewer, 40));
        assertThat(after).containsOnlyKeys("learned-1");
        assertThat(assay(env, "ledger", "export")).contains("registry.deployment").contains("try the validators alone").contains("done");
    }

    /** Sends the same DNS query from {@code n} client ports (n flow keys) and counts the answering versions. */
    Map<String, Integer> versions(AssayServer server, String token, int n) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String body = JSON.createObjectNode().put("payload", Base64.getEncoder().encodeToString(DNS_QUERY)).put("transport", "UDP")
                    .put("clientPort", 40000 + i).put("serverPort", 53).put("mode", "balanced").toString();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/protocol/classify"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode j = JSON.readTree(r.body());
            assertThat(j.get("label").asText()).isEqualTo("DNS");
            seen.merge(j.get("version").asText(), 1, Integer::sum);
        }
        return seen;
    }

    interface WhileServing<T> {
        T run(AssayServer server) throws Exception;
    }

    <T> T serve(Map<String, String> env, WhileServing<T> body) {
        StringWriter err = new StringWriter();
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        ServeLifetime lifetime = server -> {
            try {
                result[0] = body.run(server);
            } catch (Exception | AssertionError e) {
                failure[0] = e;
            } finally {
                server.stop();
            }
        };
        int exit = Main.execute(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true), Clock.systemUTC(), lifetime),
                "serve", "--port", "0", "--host", "127.0.0.1");
        if (failure[0] instanceof AssertionError e) throw e;
        if (failure[0] != null) throw new AssertionError("while serving: " + err, failure[0]);
        assertThat(exit).as(err.toString()).isZero();
        @SuppressWarnings("unchecked") T t = (T) result[0];
        return t;
    }

    static String assay(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(),
                server -> { throw new AssertionError("this command does not serve"); }), args);
        assertThat(exit).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }
}
