package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.tlog.proof.ConsistencyProof;
import dev.assay.core.tlog.proof.InclusionProof;
import dev.assay.core.tlog.proof.TrustedLog;
import dev.assay.core.tlog.proof.Verdict;
import dev.assay.server.ledger.LedgerModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's checkpoint and proof routes: what they serve, who may read them, and how bad parameters are answered. */
class LedgerProofHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    TestServer t;
    Ledger ledger;

    @BeforeEach
    void start() {
        t = new TestServer(dir, java.util.Map.of(), store -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
            for (int i = 0; i < 5; i++) ledger.append("test.entry", "s" + i, JSON.createObjectNode().put("i", i));
            return List.of(new LedgerModule(ledger));
        });
    }

    @AfterEach
    void stop() {
        t.close();
        ledger.close();
    }

    @Test
    void checkpointAndProofs_verifyWithTheServedVerifierKey() throws Exception {
        HttpResponse<String> cp = t.get("/api/v1/ledger/checkpoint", t.viewer);
        assertThat(cp.statusCode()).isEqualTo(200);
        assertThat(cp.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(cp.body()).isEqualTo(ledger.checkpoint());
        JsonNode key = JSON.readTree(t.get("/api/v1/ledger/public-key", t.viewer).body());
        assertThat(key.get("origin").asText()).isEqualTo(ledger.origin());
        TrustedLog log = TrustedLog.ofVerifierKey(key.get("verifierKey").asText());
        assertThat(log.open(cp.body()).size()).isEqualTo(5);
        HttpResponse<String> inclusion = t.get("/api/v1/ledger/proof/inclusion?seq=2&size=4", t.viewer);
        assertThat(inclusion.statusCode()).as(inclusion.body()).isEqualTo(200);
        assertThat(log.verify(InclusionProof.parse(inclusion.body()))).isInstanceOf(Verdict.Valid.class);
        HttpResponse<String> consistency = t.get("/api/v1/ledger/proof/consistency?from=3", t.viewer);
        assertThat(consistency.statusCode()).as(consistency.body()).isEqualTo(200);
        ConsistencyProof c = ConsistencyProof.parse(consistency.body());
        assertThat(log.open(c.newCheckpoint()).size()).isEqualTo(5);
        assertThat(log.verify(c)).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void tlogTiles_underTheTlogPrefix_giveTheCheckpointsRoot_andRefuseWhatTheTreeLacks() throws Exception {
        HttpResponse<String> cp = t.get("/api/v1/ledger/tlog/checkpoint", t.viewer);
        assertThat(cp.body()).isEqualTo(ledger.checkpoint());
        var client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<byte[]> tile = client.send(t.request("/api/v1/ledger/tlog/tile/0/000.p/5", t.viewer).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(tile.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");
        assertThat(tile.body()).hasSize(5 * 32);
        List<byte[]> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) leaves.add(java.util.Arrays.copyOfRange(tile.body(), 32 * i, 32 * i + 32));
        TrustedLog log = TrustedLog.ofVerifierKey(ledger.checkpointKey().verifierKey());
        assertThat(dev.assay.core.tlog.Merkle.root(leaves, 5)).isEqualTo(log.open(cp.body()).root());
        HttpResponse<byte[]> bundle = client.send(t.request("/api/v1/ledger/tlog/tile/entries/000.p/5", t.viewer).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bundle.body()).hasSize(5 * 34);
        assertThat(dev.assay.core.tlog.Merkle.leafHash(java.util.Arrays.copyOfRange(bundle.body(), 2, 34))).isEqualTo(leaves.get(0));
        assertThat(t.get("/api/v1/ledger/tlog/tile/0/000.p/6", t.viewer).statusCode()).isEqualTo(404);
        assertThat(t.get("/api/v1/ledger/tlog/tile/0/000", t.viewer).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = t.get("/api/v1/ledger/tlog/tile/0/1", t.viewer);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").path("message").asText()).contains("not a tlog-tiles path");
        assertThat(t.get("/api/v1/ledger/tlog/tile/0/000.p/5", null).statusCode()).isEqualTo(401);
    }

    @Test
    void routesNeedAViewerToken() {
        for (String path : List.of("/api/v1/ledger/checkpoint", "/api/v1/ledger/proof/inclusion?seq=1",
                "/api/v1/ledger/proof/consistency?from=1"))
            assertThat(t.get(path, null).statusCode()).as(path).isEqualTo(401);
    }

    @Test
    void badOrOutOfRangeParameters_are400NamingTheParameter() throws Exception {
        String[][] cases = {
                {"/api/v1/ledger/proof/inclusion", "'seq' is required"},
                {"/api/v1/ledger/proof/inclusion?seq=abc", "'seq'"},
                {"/api/v1/ledger/proof/inclusion?seq=1&size=0", "'size'"},
                {"/api/v1/ledger/proof/inclusion?seq=1&size=9", "size must be in 0..5"},
                {"/api/v1/ledger/proof/inclusion?seq=6", "seq must be in 1..5"},
                {"/api/v1/ledger/proof/consistency?to=2", "'from' is required"},
                {"/api/v1/ledger/proof/consistency?from=4&to=2", "from must be in 1..2"},
                {"/api/v1/ledger/proof/consistency?from=1&to=6", "to must be in 0..5"}};
        for (String[] c : cases) {
            HttpResponse<String> r = t.get(c[0], t.viewer);
            assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).as(c[0]).contains(c[1]);
        }
    }
}
