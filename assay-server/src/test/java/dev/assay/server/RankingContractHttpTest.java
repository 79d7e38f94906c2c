package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.registry.Registry;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.release.ReleaseRecords;
import dev.assay.server.ranking.RankingContractModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/ranking/contract/evaluate} over real HTTP. Forty topics judge d0..d2 relevant
 * among d0..d9; a "good" topic ranks them first (nDCG@10 = 1), a "bad" one last, at 8..10
 * (nDCG@10 = (1/log2 9 + 1/log2 10 + 1/log2 11) / (1 + 1/log2 3 + 1/2)). Production is good on the
 * even topics, the candidate on all, so the candidate's mean delta is half of 1 - bad.
 */
class RankingContractHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String PATH = "/api/v1/ranking/contract/evaluate";
    static final double BAD = (1 / log2(9) + 1 / log2(10) + 1 / log2(11)) / (1 + 1 / log2(3) + 0.5);

    static final ManualClock CLOCK = new ManualClock(T0);

    @TempDir
    static Path dir;

    static TestServer t;
    static Ledger ledger;

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static String qrels() {
        return dev.assay.core.testing.TestFiles.trecQrels();
    }
    static String run(String id, boolean onlyEvenTopicsGood) {
        return dev.assay.core.testing.TestFiles.trecRun(id, onlyEvenTopicsGood);
    }

    static final String PROD = run("prod", true);
    static final String CAND = run("cand", false);

    static ObjectNode body(String production, String candidate) {
        return JSON.createObjectNode().put("qrels", qrels()).put("production", production).put("candidate", candidate)
                .put("resamples", 2000);
    }

    /** One server for the class (each stop costs a second of graceful shutdown); tests read the ledger relative to its head. */
    @BeforeAll
    static void start() {
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), CLOCK);
            Registry registry = Registry.open(store, ledger, CLOCK);
            registry.registerModel("ranker", "search");
            return List.of(new RankingContractModule(ledger, registry, CLOCK, telemetry.registry()));
        });
    }

    @AfterAll
    static void stop() {
        t.close();
        ledger.close();
    }

    /** The value of one Prometheus series in {@code scrape}, 0 when absent. */
    static double series(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }

    static ObjectNode withLatencies(ObjectNode body, double... ms) {
        var a = body.putArray("candidateLatencies");
        for (double v : ms) a.add(v);
        return body;
    }

    static HttpResponse<String> post(String token, JsonNode body) {
        return t.post(PATH, token, body.toString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void betterCandidatePasses_worseFails_withEveryNumber() throws Exception {
        HttpResponse<String> pass = post(t.viewer, body(PROD, CAND));
        assertThat(pass.statusCode()).as(pass.body()).isEqualTo(200);
        JsonNode p = json(pass);
        assertThat(p.get("verdict").asText()).isEqualTo("PASS");
        assertThat(p.get("production").asText()).isEqualTo("prod");
        assertThat(p.get("candidate").asText()).isEqualTo("cand");
        assertThat(p.get("contract").asText()).isEqualTo("quality-ndcg_cut.10");
        assertThat(p.get("evaluatedAt").asText()).isEqualTo(T0.toString());
        assertThat(p.get("ledgerSeq").isNull()).isTrue();
        JsonNode g = p.at("/guards/0");
        assertThat(g.get("estimate").asDouble()).isCloseTo((1 - BAD) / 2, within(1e-12));
        assertThat(g.get("samples").asInt()).isEqualTo(40);
        assertThat(g.get("threshold").asDouble()).isZero();
        assertThat(g.get("lower").asDouble()).isPositive().isLessThan(g.get("estimate").asDouble());
        assertThat(g.get("level").asDouble()).isEqualTo(0.05);

        JsonNode f = json(post(t.viewer, body(CAND, PROD).put("margin", 0.1).put("method", "randomization")));
        assertThat(f.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(f.at("/guards/0/estimate").asDouble()).isCloseTo(-(1 - BAD) / 2, within(1e-12));
        assertThat(f.at("/guards/0/threshold").asDouble()).isEqualTo(-0.1);
        assertThat(f.at("/guards/0/detail").asText()).contains("sign-flip p");
    }

    @Test
    void sameAnswerAsTheCommandLinesJson() throws Exception {
        // the CLI prints ReleaseRecords.toJson of the same evaluation; only ledgerSeq is added here
        JsonNode p = json(post(t.viewer, body(PROD, CAND)));
        List<String> fields = new java.util.ArrayList<>();
        p.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("contract", "production", "candidate", "verdict", "resamples", "seed", "evaluatedAt",
                "guards", "ledgerSeq");
        assertThat(p.get("resamples").asInt()).isEqualTo(2000);
        assertThat(p.get("seed").asLong()).isEqualTo(1);
    }

    @Test
    void contractTextRunsEveryGuard_andNoCommonTopicIsInconclusive() throws Exception {
        String contract = """
                name: release
                resamples: 1000
                guards:
                  - {name: ndcg10, type: quality, measure: ndcg_cut.10}
                  - {name: map, type: quality, measure: map}
                  - {name: overlap, type: overlap, k: 3, minMean: 0.9}
                  - {name: p50, type: latency, percentile: 50, limitMs: 25, minSamples: 3}
                """;
        ObjectNode b = withLatencies(JSON.createObjectNode().put("qrels", qrels()).put("production", PROD).put("candidate", CAND)
                .put("contract", contract), 10, 20, 30);
        JsonNode r = json(post(t.viewer, b));
        assertThat(r.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(r.get("guards")).extracting(x -> x.get("guard").asText() + "=" + x.get("verdict").asText())
                .containsExactly("ndcg10=PASS", "map=PASS", "overlap=FAIL", "p50=PASS");
        assertThat(r.at("/guards/3/estimate").asDouble()).isCloseTo(20, within(0.05));
        // top 3: d0..d2 in both on even topics (Jaccard 1); on odd ones production's is d3..d5 (Jaccard 0)
        assertThat(r.at("/guards/2/estimate").asDouble()).isEqualTo(0.5);
        assertThat(r.get("resamples").asInt()).isEqualTo(1000);

        HttpResponse<String> none = post(t.viewer, body(PROD, "999 Q0 d1 1 1.0 other\n"));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none).get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(json(none).at("/guards/0/verdict").asText()).isEqualTo("NO_DATA");
    }

    @Test
    void badInput_gives400NamingTheFieldAndLine() throws Exception {
        long head = ledger.headSeq();
        record Case(ObjectNode body, String message) {}
        List<Case> cases = List.of(
                new Case(body(PROD, "1 Q0 d0 0 1.0 cand\n1 Q0 d1 0\n"), "candidate:2: expected 6 fields"),
                new Case(body(PROD, CAND).put("qrels", "1 0 d0 1\n1 0 d1 one\n"), "qrels:2: relevance is not an integer"),
                new Case(body("1 Q0 d0 0 NaN prod\n", CAND), "production:1: score is not a finite number"),
                new Case(body(PROD, CAND).put("measure", "ndcg_at_10"), "measure: unknown measure 'ndcg_at_10'"),
                new Case(body(PROD, CAND).put("alpha", 0.7), "alpha must be in (0, 0.5), but was 0.7"),
                new Case(body(PROD, CAND).put("method", "guess"), "method must be bootstrap_bca"),
                new Case(body(PROD, CAND).put("resamples", 2000).put("contract", "guards: []"), "do not apply with 'contract'"),
                new Case(JSON.createObjectNode().put("qrels", qrels()).put("production", PROD).put("candidate", CAND)
                        .put("contract", "guards:\n  - {name: a, type: quality, measure: mapp}\n"),
                        "contract: 1 problem: guards[0].measure: unknown measure 'mapp'"),
                new Case(JSON.createObjectNode().put("qrels", qrels()).put("production", PROD), "field 'candidate' is required"),
                new Case(body(PROD, PROD), "not with itself"),
                new Case(body(PROD, CAND).put("colour", "red"), "unknown field 'colour'"),
                new Case(withLatencies(body(PROD, CAND), 12, -1), "candidateLatencies[1] must be a finite number >= 0 ms, but was -1.0"),
                new Case(body(PROD, CAND).put("model", "ranker"), "only used with \"record\": true"));
        for (Case c : cases) {
            HttpResponse<String> r = post(t.operator, c.body());
            assertThat(r.statusCode()).as(c.message()).isEqualTo(400);
            assertThat(json(r).at("/error/code").asText()).isEqualTo("bad_request");
            assertThat(json(r).at("/error/message").asText()).as(c.message()).contains(c.message());
        }
        assertThat(ledger.headSeq()).isEqualTo(head);
    }

    @Test
    void roles_viewerEvaluatesOperatorRecords() throws Exception {
        long head = ledger.headSeq();
        HttpResponse<String> anonymous = post(null, body(PROD, CAND));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // refused, its body (within the limit) read and discarded so the refusal cannot be lost to a reset, the connection kept
        assertThat(anonymous.headers().firstValue("Connection")).isEmpty();
        assertThat(t.post(PATH, "not-a-token", body(PROD, CAND).toString()).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = post(t.viewer, body(PROD, CAND).put("record", true).put("model", "ranker"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(json(forbidden).at("/error/message").asText()).contains("operator", "viewer");
        assertThat(forbidden.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertThat(post(t.viewer, body(PROD, CAND)).statusCode()).isEqualTo(200);
        assertThat(post(t.operator, body(PROD, CAND).put("record", true)).statusCode()).isEqualTo(400); // no model
        assertThat(ledger.headSeq()).isEqualTo(head);
    }

    @Test
    void recordTrue_appendsAVerifiableLedgerEntryWithTheDecision() throws Exception {
        HttpResponse<String> r = post(t.operator, body(PROD, CAND).put("record", true).put("model", "ranker"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r);
        long seq = report.get("ledgerSeq").asLong();
        assertThat(seq).isEqualTo(ledger.headSeq()).isPositive();
        LedgerEntry e = ledger.get(seq).orElseThrow();
        assertThat(e.kind()).isEqualTo(ReleaseRecords.KIND);
        assertThat(e.subject()).isEqualTo("ranker/cand");
        JsonNode payload = JSON.readTree(e.payload());
        assertThat(payload.get("verdict").asText()).isEqualTo("PASS");
        assertThat(payload.get("model").asText()).isEqualTo("ranker");
        assertThat(payload.at("/guards/0/estimate").asDouble()).isEqualTo(report.at("/guards/0/estimate").asDouble());
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void evaluationsAreCountedAndTimedOnMetrics() {
        String pass = "assay_ranking_contract_evaluations_total{source=\"http\",verdict=\"PASS\"}";
        String fail = "assay_ranking_contract_evaluations_total{source=\"http\",verdict=\"FAIL\"}";
        String timed = "assay_ranking_contract_evaluation_duration_seconds_count{source=\"http\"}";
        String before = t.get("/metrics", t.viewer).body();
        assertThat(post(t.viewer, body(PROD, CAND)).statusCode()).isEqualTo(200);
        assertThat(post(t.viewer, body(CAND, PROD)).statusCode()).isEqualTo(200);
        assertThat(post(t.viewer, body(PROD, CAND).put("measure", "nope")).statusCode()).isEqualTo(400);
        String after = t.get("/metrics", t.viewer).body();
        assertThat(after).contains("# TYPE assay_ranking_contract_evaluations_total counter");
        assertThat(series(after, pass) - series(before, pass)).isEqualTo(1.0);
        assertThat(series(after, fail) - series(before, fail)).isEqualTo(1.0);
        assertThat(series(after, timed) - series(before, timed)).isEqualTo(2.0);
    }

    @Test
    void routeIsInTheOpenApiDocumentWithTheViewerRole() throws Exception {
        JsonNode op = json(t.get("/api/v1/openapi.json", null)).at("/paths/~1api~1v1~1ranking~1contract~1evaluate/post");
        assertThat(op.isMissingNode()).isFalse();
        assertThat(op.get("x-assay-role").asText()).isEqualTo("viewer");
        assertThat(op.at("/tags/0").asText()).isEqualTo("ranking");
        assertThat(op.get("summary").asText()).contains("record", "operator");
    }

    @Test
    void unknownModel_is404BeforeAnythingIsRecorded() throws Exception {
        long head = ledger.headSeq();
        HttpResponse<String> r = post(t.operator, body(PROD, CAND).put("record", true).put("model", "nosuch"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(json(r).at("/error/message").asText()).contains("model nosuch is not registered");
        assertThat(ledger.headSeq()).isEqualTo(head);
    }

    static byte[] gzip(byte[] plain) {
        return dev.assay.core.testing.TestFiles.gzip(plain);
    }

    static HttpResponse<String> postBytes(TestServer server, String token, String contentType, String encoding, byte[] body) {
        var b = server.request(PATH, token).header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) b.header("Content-Encoding", encoding);
        return server.send(b.build());
    }

    @Test
    void gzipBody_isEvaluatedAsThePlainOne() throws Exception {
        HttpResponse<String> plain = post(t.viewer, body(PROD, CAND));
        HttpResponse<String> zipped = postBytes(t, t.viewer, "application/json", "gzip",
                gzip(body(PROD, CAND).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(zipped.statusCode()).as(zipped.body()).isEqualTo(200);
        assertThat(json(zipped).get("verdict")).isEqualTo(json(plain).get("verdict"));
        assertThat(json(zipped).get("guards")).isEqualTo(json(plain).get("guards"));

        HttpResponse<String> notGzip = postBytes(t, t.viewer, "application/json", "gzip", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(json(notGzip).at("/error/message").asText()).contains("not valid gzip");
        HttpResponse<String> brotli = postBytes(t, t.viewer, "application/json", "br", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(brotli.statusCode()).isEqualTo(415);
    }

    /** A multipart/form-data body: file parts for {@code files}, plain parts for {@code fields}. */
    static byte[] multipart(String boundary, Map<String, byte[]> files, Map<String, String> fields) {
        var out = new java.io.ByteArrayOutputStream();
        var utf8 = java.nio.charset.StandardCharsets.UTF_8;
        for (var f : files.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\""
                    + f.getKey() + ".txt\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
            out.writeBytes(f.getValue());
            out.writeBytes("\r\n".getBytes(utf8));
        }
        for (var f : fields.entrySet())
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(utf8));
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
        return out.toByteArray();
    }

    @Test
    void multipartUpload_isEvaluatedAsTheJsonBody_withSettingsAsOnePartOrFields() throws Exception {
        var utf8 = java.nio.charset.StandardCharsets.UTF_8;
        HttpResponse<String> plain = post(t.viewer, body(PROD, CAND).put("alpha", 0.1));
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("qrels", qrels().getBytes(utf8));
        files.put("production", gzip(PROD.getBytes(utf8)));
        files.put("candidate", CAND.getBytes(utf8));
        String type = "multipart/form-data; boundary=XyZ";
        HttpResponse<String> fields = postBytes(t, t.viewer, type, null,
                multipart("XyZ", files, Map.of("resamples", "2000", "alpha", "0.1")));
        assertThat(fields.statusCode()).as(fields.body()).isEqualTo(200);
        assertThat(json(fields).get("guards")).isEqualTo(json(plain).get("guards"));
        HttpResponse<String> settings = postBytes(t, t.viewer, type, null,
                multipart("XyZ", files, Map.of("settings", "{\"resamples\": 2000, \"alpha\": 0.1}")));
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        assertThat(json(settings).get("guards")).isEqualTo(json(plain).get("guards"));

        HttpResponse<String> badAlpha = postBytes(t, t.viewer, type, null, multipart("XyZ", files, Map.of("alpha", "\"high\"")));
        assertThat(badAlpha.statusCode()).isEqualTo(400);
        assertThat(json(badAlpha).at("/error/message").asText()).contains("'alpha' must be a number");
        HttpResponse<String> unknown = postBytes(t, t.viewer, type, null, multipart("XyZ", files, Map.of("colour", "red")));
        assertThat(json(unknown).at("/error/message").asText()).contains("unknown part 'colour'");
        HttpResponse<String> missing = postBytes(t, t.viewer, type, null, multipart("XyZ", Map.of("qrels", files.get("qrels")), Map.of()));
        assertThat(json(missing).at("/error/message").asText()).contains("field 'production' is required");
        HttpResponse<String> broken = postBytes(t, t.viewer, type, null, "--XyZ\r\nnonsense".getBytes(utf8));
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    @Test
    void gzipBomb_gets413NotAnOutOfMemoryError(@TempDir Path small) throws Exception {
        Ledger[] own = new Ledger[1];
        try (TestServer limited = new TestServer(small, Map.of("server.maxRequestBytes", "4KiB"), (store, telemetry) -> {
            own[0] = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), CLOCK);
            return List.of(new RankingContractModule(own[0], Registry.open(store, own[0], CLOCK), CLOCK, telemetry.registry()));
        })) {
            byte[] bomb = gzip(new byte[64 << 20]); // 64 MiB of zeros, about 64 KiB compressed
            byte[] smallBomb = gzip(new byte[1 << 20]); // 1 MiB of zeros, about 1 KiB compressed: under the limit as sent
            assertThat(smallBomb.length).isLessThan(4096);
            HttpResponse<String> r = postBytes(limited, limited.viewer, "application/json", "gzip", smallBomb);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(json(r).at("/error/message").asText()).contains("server.maxRequestBytes");
            String boundary = "B0undary";
            byte[] part = multipart(boundary, Map.of("qrels", smallBomb), Map.of());
            HttpResponse<String> m = postBytes(limited, limited.viewer, "multipart/form-data; boundary=" + boundary, null, part);
            assertThat(m.statusCode()).isEqualTo(413);
            assertThat(postBytes(limited, limited.viewer, "application/json", "gzip", bomb).statusCode()).isEqualTo(413);
        } finally {
            own[0].close();
        }
    }

    @Test
    void bodyOverTheLimitGets413(@TempDir Path small) throws Exception {
        Ledger[] own = new Ledger[1];
        try (TestServer limited = new TestServer(small, Map.of("server.maxRequestBytes", "4KiB"), (store, telemetry) -> {
            own[0] = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), CLOCK);
            return List.of(new RankingContractModule(own[0], Registry.open(store, own[0], CLOCK), CLOCK, telemetry.registry()));
        })) {
            HttpResponse<String> r = limited.post(PATH, limited.viewer, body(PROD, CAND).toString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(json(r).at("/error/code").asText()).isEqualTo("payload_too_large");
        } finally {
            own[0].close();
        }
    }
}
