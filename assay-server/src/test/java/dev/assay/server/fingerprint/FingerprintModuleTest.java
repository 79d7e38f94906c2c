package dev.assay.server.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.core.time.ManualClock;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.server.AssayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint routes over real HTTP on 127.0.0.1 (body limit 8 MiB, so the response limit is met first): a terse model's logs (150 responses each, dimension 1024)
 * against a verbose model's, built, verified and identified, with roles, the ledger and the errors.
 */
class FingerprintModuleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int DIM = 1024;
    static final String TERSE_1 = FingerprintSamples.log("terse-model", false, 150, 1);
    static final String TERSE_2 = FingerprintSamples.log("terse-model", false, 150, 2);
    static final String VERBOSE_1 = FingerprintSamples.log("verbose-model", true, 150, 3);
    static final String UNRELATED = "{\"model\": \"model-c\", \"prompt_id\": \"q1\", \"response\": \"\\u4f60\\u597d\\uff0c\\u6211\\u5df2"
            + "\\u7ecf\\u5b8c\\u6210\\u4e86\\u8fd9\\u4e2a\\u4efb\\u52a1\\u3002\\u8c22\\u8c22\\u3002\"}\n";

    @TempDir
    static Path dir;

    static Store store;
    static Telemetry telemetry;
    static Ledger ledger;
    static AssayServer server;
    static String viewer;
    static String operator;
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "dataDir", dir.toString(), "server.shutdownGrace", "5s", "server.maxRequestBytes", "8MiB"));
        store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        telemetry = Telemetry.create();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        operator = tokens.create("operator", Role.OPERATOR).secret();
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), new ManualClock(Instant.parse("2026-03-02T10:00:00Z")));
        server = AssayServer.builder(config, telemetry, tokens)
                .module(new FingerprintModule(ledger, telemetry.registry()))
                .closeOnStop(telemetry)
                .closeOnStop(store)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        ledger.close();
    }

    static HttpResponse<String> post(String path, String token, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode ok(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static ObjectNode build(String log) {
        return JSON.createObjectNode().put("log", log).put("dim", DIM);
    }

    static String signatureOf(String log) throws IOException {
        return ok(post(FingerprintModule.BUILD, viewer, build(log))).get("signature").asText();
    }

    static ObjectNode verify(String signature, String candidate) {
        ObjectNode b = JSON.createObjectNode();
        b.putObject("reference").put("signature", signature);
        return b.put("candidate", candidate);
    }

    static ObjectNode identify(String candidate, String... signatures) {
        ObjectNode b = JSON.createObjectNode();
        var refs = b.putArray("references");
        for (String s : signatures) refs.addObject().put("signature", s);
        return b.put("candidate", candidate);
    }

    @Test
    void build_answersTheSignatureAndItsDigests() throws IOException {
        JsonNode r = ok(post(FingerprintModule.BUILD, viewer, build(TERSE_1).put("sample", 64)));
        assertThat(r.get("model").asText()).isEqualTo("terse-model");
        assertThat(r.get("responses").asInt()).isEqualTo(150);
        assertThat(r.get("probes").asInt()).isEqualTo(150);
        assertThat(r.get("dimension").asInt()).isEqualTo(DIM);
        Signature sig = Signature.fromBytes(Base64.getDecoder().decode(r.get("signature").asText()), "answer");
        assertThat(sig.digest()).isEqualTo(r.get("digest").asText());
        assertThat(sig.merkleRoot()).isEqualTo(r.get("merkleRoot").asText());
        assertThat(sig.probeSetId()).isEqualTo(r.get("probeSetId").asText());
        assertThat(sig.config().hash()).isEqualTo(r.get("encoderConfigHash").asText());
        assertThat(sig.sample()).hasSize(64);
        assertThat(r.get("skippedLines")).isEmpty();
        assertThat(r.get("ledgerSeq").isNull()).isTrue();
        // the same log gives the same signature: building is deterministic
        assertThat(ok(post(FingerprintModule.BUILD, viewer, build(TERSE_1).put("sample", 64))).get("digest").asText())
                .isEqualTo(r.get("digest").asText());
    }

    @Test
    void build_skipsBadLinesWhenAskedAndReportsThem() throws IOException {
        JsonNode r = ok(post(FingerprintModule.BUILD, viewer, build(TERSE_1 + "{not json\n").put("skipBadLines", true)));
        assertThat(r.get("responses").asInt()).isEqualTo(150);
        assertThat(r.get("skippedLines")).hasSize(1);
        assertThat(r.at("/skippedLines/0").asText()).startsWith("log:151: not valid JSON");
    }

    @Test
    void drift_steadyTrafficIsNoDrift_andASwappedModelIsTypedAndRecorded() throws IOException {
        String sig = signatureOf(TERSE_1);
        ObjectNode steady = verify(sig, TERSE_2).put("window", 30).put("expectedRunLength", 1000.0);
        JsonNode none = ok(post(FingerprintModule.DRIFT, viewer, steady));
        assertThat(none.get("drift").asBoolean()).isFalse();
        assertThat(none.get("responses").asInt()).isEqualTo(150);
        assertThat(none.get("maxStatistic").asDouble()).isLessThan(none.get("threshold").asDouble());
        // 60 responses of the same model, then another model takes over
        List<String> lines = new java.util.ArrayList<>(TERSE_2.lines().limit(60).toList());
        lines.addAll(VERBOSE_1.lines().limit(90).toList());
        ObjectNode swapped = verify(sig, String.join("\n", lines) + "\n").put("window", 30).put("expectedRunLength", 1000.0).put("record", true);
        JsonNode drift = ok(post(FingerprintModule.DRIFT, operator, swapped));
        assertThat(drift.get("drift").asBoolean()).isTrue();
        assertThat(drift.get("firstAlarmAt").asLong()).isBetween(60L, 80L);
        assertThat(drift.get("type").asText()).isEqualTo("SUDDEN");
        assertThat(drift.get("ledgerSeq").asLong()).isPositive();
        assertThat(post(FingerprintModule.DRIFT, viewer, verify(sig, TERSE_2).put("window", 0)).statusCode()).isEqualTo(400);
    }

    @Test
    void verify_sameModelIsSame_otherModelIsDifferent() throws IOException {
        String sig = signatureOf(TERSE_1);
        JsonNode same = ok(post(FingerprintModule.VERIFY, viewer, verify(sig, TERSE_2)));
        assertThat(same.get("verdict").asText()).as(same.toString()).isEqualTo("SAME");
        assertThat(same.get("pValue").asDouble()).isGreaterThanOrEqualTo(0.01);
        assertThat(same.get("effectUpper").asDouble()).isLessThanOrEqualTo(0.05);
        assertThat(same.get("reference").asText()).isEqualTo("terse-model");
        assertThat(same.get("referenceResponses").asInt()).isEqualTo(150);
        assertThat(same.get("candidateResponses").asInt()).isEqualTo(150);
        assertThat(same.get("mode").asText()).isEqualTo("probe");

        JsonNode diff = ok(post(FingerprintModule.VERIFY, viewer, verify(sig, VERBOSE_1).put("mode", "traffic")));
        assertThat(diff.get("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(diff.get("pValue").asDouble()).isLessThan(0.01);
        assertThat(diff.get("mode").asText()).isEqualTo("traffic");

        JsonNode seq = ok(post(FingerprintModule.VERIFY, viewer, verify(sig, VERBOSE_1).put("sequential", true)));
        assertThat(seq.get("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(seq.get("sequential").asBoolean()).isTrue();
        assertThat(seq.get("pairs").asInt()).isLessThan(150);

        // a log as the reference is encoded under dim and itemSeed
        ObjectNode fromLog = JSON.createObjectNode().put("candidate", VERBOSE_1).put("dim", DIM);
        fromLog.putObject("reference").put("log", TERSE_1);
        assertThat(ok(post(FingerprintModule.VERIFY, viewer, fromLog)).get("verdict").asText()).isEqualTo("DIFFERENT");
    }

    @Test
    void verify_countsVerdictsOnTheMeterRegistry() throws IOException {
        String sig = signatureOf(TERSE_1);
        double before = count("DIFFERENT");
        ok(post(FingerprintModule.VERIFY, viewer, verify(sig, VERBOSE_1)));
        assertThat(post(FingerprintModule.VERIFY, viewer, verify(sig, VERBOSE_1).put("mode", "sideways")).statusCode()).isEqualTo(400);
        assertThat(count("DIFFERENT") - before).isEqualTo(1.0);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.body()).contains("assay_fingerprint_verifications_total{mode=\"probe\",verdict=\"DIFFERENT\"}");
    }

    static double count(String verdict) {
        var c = telemetry.registry().find(FingerprintModule.VERIFICATIONS).tag("verdict", verdict).tag("mode", "probe").counter();
        return c == null ? 0 : c.count();
    }

    static HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).header("Authorization", "Bearer " + viewer)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void identify_namesTheModel_andNoneForAnUnrelatedStyle() throws IOException {
        String terse = signatureOf(TERSE_1);
        String verbose = signatureOf(VERBOSE_1);
        JsonNode named = ok(post(FingerprintModule.IDENTIFY, viewer, identify(TERSE_2, terse, verbose)));
        assertThat(named.get("model").asText()).as(named.toString()).isEqualTo("terse-model");
        assertThat(named.at("/scores/0/model").asText()).isEqualTo("terse-model");
        assertThat(named.at("/scores/0/score").asDouble()).isGreaterThan(named.at("/scores/1/score").asDouble());
        assertThat(named.get("referenceDigests")).hasSize(2);

        JsonNode none = ok(post(FingerprintModule.IDENTIFY, viewer, identify(UNRELATED, terse, verbose)));
        assertThat(none.get("model").asText()).as(none.toString()).isEqualTo("none");
    }

    @Test
    void record_needsAnOperator_andAppendsAVerifiableLedgerEntry() throws IOException {
        long head = ledger.headSeq();
        HttpResponse<String> forbidden = post(FingerprintModule.BUILD, viewer, build(TERSE_1).put("record", true));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forbidden.body()).at("/error/message").asText()).contains("operator", "viewer");
        String sig = signatureOf(TERSE_1);
        assertThat(post(FingerprintModule.VERIFY, viewer, verify(sig, TERSE_2).put("record", true)).statusCode()).isEqualTo(403);
        assertThat(ledger.headSeq()).isEqualTo(head);

        JsonNode built = ok(post(FingerprintModule.BUILD, operator, build(TERSE_1).put("record", true)));
        LedgerEntry b = ledger.get(built.get("ledgerSeq").asLong()).orElseThrow();
        assertThat(b.kind()).isEqualTo("fingerprint.build");
        assertThat(b.subject()).isEqualTo("terse-model");
        assertThat(JSON.readTree(b.payload()).get("digest").asText()).isEqualTo(built.get("digest").asText());

        JsonNode verified = ok(post(FingerprintModule.VERIFY, operator, verify(sig, VERBOSE_1).put("record", true)));
        LedgerEntry v = ledger.get(verified.get("ledgerSeq").asLong()).orElseThrow();
        assertThat(v.kind()).isEqualTo("fingerprint.verify");
        JsonNode payload = JSON.readTree(v.payload());
        assertThat(payload.get("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(payload.get("pValue").asDouble()).isEqualTo(verified.get("pValue").asDouble());

        JsonNode identified = ok(post(FingerprintModule.IDENTIFY, operator, identify(TERSE_2, sig).put("record", true)));
        LedgerEntry i = ledger.get(identified.get("ledgerSeq").asLong()).orElseThrow();
        assertThat(i.kind()).isEqualTo("fingerprint.identify");
        assertThat(i.subject()).isEqualTo(identified.get("model").asText());
        assertThat(ledger.headSeq()).isEqualTo(head + 3);
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void badInput_is400NamingTheProblem() throws IOException {
        String sig = signatureOf(TERSE_1);
        byte[] bytes = Base64.getDecoder().decode(sig);
        bytes[bytes.length / 2] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        String badLine = TERSE_2.lines().limit(2).reduce("", (a, l) -> a + l + "\n") + "{\"prompt_id\": \n";
        ObjectNode twoLogs = JSON.createObjectNode().put("candidate", TERSE_2);
        twoLogs.putObject("reference").put("log", TERSE_1).put("signature", sig);
        record Case(String path, ObjectNode body, String message) {}
        List<Case> cases = List.of(
                new Case(FingerprintModule.VERIFY, verify(tampered, TERSE_2), "reference.signature"),
                new Case(FingerprintModule.VERIFY, verify("not base64!", TERSE_2), "field 'reference.signature' is not valid base64"),
                new Case(FingerprintModule.VERIFY, verify(sig, badLine), "candidate:3: not valid JSON"),
                new Case(FingerprintModule.BUILD, build("{\"response\": \"hi\"}\n"), "log:1: field prompt_id is required"),
                new Case(FingerprintModule.VERIFY, verify(sig, TERSE_2).put("dim", 2048),
                        "field 'dim' is 2048, but reference.signature has dimension 1024"),
                new Case(FingerprintModule.IDENTIFY, identify(TERSE_2, sig, signatureOf2048(VERBOSE_1)), "dimension 1024 vs 2048"),
                new Case(FingerprintModule.VERIFY, twoLogs, "needs exactly one of 'signature'"),
                new Case(FingerprintModule.VERIFY, verify(sig, TERSE_2).put("tolerance", 5.0), "tolerance must be from 0 to 1"),
                new Case(FingerprintModule.VERIFY, verify(sig, TERSE_2).put("colour", "red"), "unknown field 'colour'"),
                new Case(FingerprintModule.BUILD, build(TERSE_1 + VERBOSE_1), "holds responses of 2 models"),
                new Case(FingerprintModule.BUILD, build(""), "field 'log' holds no response"),
                new Case(FingerprintModule.IDENTIFY, JSON.createObjectNode().put("candidate", TERSE_2).set("references",
                        JSON.createArrayNode()), "field 'references' must hold 1 to 64 references"));
        for (Case c : cases) {
            HttpResponse<String> r = post(c.path(), viewer, c.body());
            assertThat(r.statusCode()).as(c.message() + ": " + r.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            assertThat(error.get("message").asText()).as(c.message()).contains(c.message()).doesNotContain("Exception", "dev.assay");
        }
    }

    @Test
    void aLogOverTheResponseLimitIsRefusedNamingTheLimit() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= RequestLogs.MAX_RESPONSES; i++) b.append("{\"prompt_id\":").append(i).append("}\n");
        HttpResponse<String> r = post(FingerprintModule.BUILD, viewer, build(b.toString()).put("dim", 64));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText())
                .isEqualTo("field 'log' holds more than 100000 responses, the limit of one log");
    }

    static String signatureOf2048(String log) throws IOException {
        return ok(post(FingerprintModule.BUILD, viewer, build(log).put("dim", 2048))).get("signature").asText();
    }
}
