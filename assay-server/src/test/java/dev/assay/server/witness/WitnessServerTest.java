package dev.assay.server.witness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import dev.assay.core.tlog.Cosignature;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.Witness;
import dev.assay.core.tlog.WitnessClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessServerTest {
    @TempDir
    Path dir;

    Store store;
    Ledger ledger;
    WitnessServer server;
    WitnessClient client;
    final CosignerKey key = CosignerKey.generate("witness.test/w1", new SecureRandom());

    @BeforeEach
    void start() {
        store = Store.sqlite(dir.resolve("ledger.db"));
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
        Witness w = Witness.open(key, Map.of(ledger.origin(), List.of(ledger.checkpointKey())), dir.resolve("state"),
                Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC));
        server = WitnessServer.create(w, "127.0.0.1", 0).start();
        client = WitnessClient.create(server.uri(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        ledger.close();
        store.close();
    }

    void append(int n) {
        for (int i = 0; i < n; i++) ledger.append("test.entry", "s" + i, JsonNodeFactory.instance.objectNode().put("i", i));
    }

    @Test
    void aLedgerGetsCosignedOverHttp_andAStaleClientCatchesUpFromTheConflict() throws Exception {
        append(3);
        WitnessClient.Result first = client.addCheckpoint(0, List.of(), ledger.checkpoint());
        assertThat(first).isInstanceOf(WitnessClient.Result.Cosigned.class);
        String note = ledger.checkpoint() + String.join("", ((WitnessClient.Result.Cosigned) first).lines());
        assertThat(Cosignature.requireCosigners(note, ledger.checkpointKey(), ledger.origin(), List.of(key.verifierOnly()), 1)
                .cosignedAt()).containsEntry("witness.test/w1", Instant.parse("2026-05-06T07:08:09Z"));
        append(4);
        assertThat(client.addCheckpoint(0, List.of(), ledger.checkpoint())).isEqualTo(new WitnessClient.Result.Conflict(3));
        WitnessClient.Result caughtUp = client.submit(ledger.checkpoint(), 0, size -> ledger.consistencyProof(size, 7));
        assertThat(caughtUp).isInstanceOf(WitnessClient.Result.Cosigned.class);

        HttpClient http = HttpClient.newHttpClient();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ledger.origin().getBytes()));
        HttpResponse<String> latest = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/" + hash + "/checkpoint")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).startsWith(ledger.checkpoint()).contains("— witness.test/w1 ");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void theConflictBodyIsTheSizeAsTextXTlogSize_andRefusalsCarryTheirStatus() throws Exception {
        append(2);
        client.addCheckpoint(0, List.of(), ledger.checkpoint());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> conflict = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString("old 1\n\n" + ledger.checkpoint())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/x.tlog.size"));
        assertThat(conflict.body()).isEqualTo("2\n");
        append(1);
        assertThat(client.addCheckpoint(2, List.of(), ledger.checkpoint())).isInstanceOf(WitnessClient.Result.BadProof.class);
        assertThat(client.addCheckpoint(9, List.of(), ledger.checkpoint()))
                .isInstanceOfSatisfying(WitnessClient.Result.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(Witness.MAX_REQUEST_BYTES + 1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).doesNotContain("Exception").doesNotContain("dev.assay");
    }

    @Test
    void aTooLargeBodyAlwaysGetsIts413_neverAConnectionReset() throws Exception {
        // Refused before it is read, an unread body made the socket close with a reset that could destroy the 413.
        HttpClient http = HttpClient.newHttpClient();
        for (int extra = 1; extra <= 200_001; extra += 2_000) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/add-checkpoint"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(Witness.MAX_REQUEST_BYTES + extra))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("body of limit + %d bytes", extra).isEqualTo(413);
            assertThat(r.body()).contains(Integer.toString(Witness.MAX_REQUEST_BYTES));
        }
    }

    @Test
    void aWitnessThatIsNotThereIsUnreachable() {
        server.stop();
        WitnessClient.Result r = client.addCheckpoint(0, List.of(), ledger.checkpoint());
        assertThat(r).isInstanceOf(WitnessClient.Result.Unreachable.class);
    }
}
