package dev.assay.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliRun;
import dev.assay.cli.ExitCodes;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.server.AssayServer;
import dev.assay.server.ledger.LedgerModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay ledger checkpoint|prove-*|verify-proof|audit} in-process, with their exit codes. */
class LedgerProofCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path data;
    Map<String, String> env;

    @BeforeEach
    void env() {
        data = dir.resolve("data");
        env = Map.of("ASSAY_DATA_DIR", data.toString());
    }

    CliRun run(String... args) {
        return CliRun.run(env, args);
    }

    CliRun ok(String... args) {
        CliRun r = run(args);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        return r;
    }

    int appended;

    void append(Path dataDir, int n) {
        for (int i = 0; i < n; i++) {
            CliRun r = CliRun.run(Map.of("ASSAY_DATA_DIR", dataDir.toString()), "models", "register", "m" + appended++);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    Path pub() {
        return data.resolve(LedgerKeys.PUBLIC_FILE);
    }

    @Test
    void proveInclusionThenVerifyProof_roundTripsWithThePemAndTheVerifierKey() throws IOException {
        append(data, 5);
        assertThat(ok("ledger", "checkpoint").out()).startsWith("assay.ledger/").contains("\n5\n").contains("\u2014 assay.ledger/");
        String verifierKey = ok("ledger", "checkpoint", "--verifier-key").out().strip();
        Path proof = dir.resolve("p.json");
        ok("ledger", "prove-inclusion", "--seq", "3", "--out", proof.toString());
        assertThat(ok("ledger", "verify-proof", proof.toString(), "--public-key", pub().toString()).out())
                .startsWith("valid: entry 3 (").contains("of 5 entries");
        assertThat(ok("ledger", "verify-proof", proof.toString(), "--verifier-key", verifierKey).out()).startsWith("valid: entry 3");
        ok("ledger", "prove-inclusion", "--seq", "2", "--size", "4", "--out", proof.toString());
        assertThat(ok("ledger", "verify-proof", proof.toString(), "--public-key", pub().toString()).out()).contains("of 4 entries");
        ok("ledger", "prove-consistency", "--from", "2", "--out", proof.toString());
        assertThat(ok("ledger", "verify-proof", proof.toString(), "--public-key", pub().toString()).out())
                .contains("of 2 entries is a prefix of its tree of 5 entries");
        assertThat(ok("ledger", "prove-consistency", "--from", "1", "--to", "3").out()).contains("assay-consistency-proof/v1");
    }

    @Test
    void tamperedEntryLeafCheckpointOrProof_exit1WithTheReason() throws IOException {
        append(data, 6);
        String good = ok("ledger", "prove-inclusion", "--seq", "4").out();
        assertThat(invalid(good, n -> ((ObjectNode) n.get("entry")).put("hash", "ab".repeat(32))))
                .contains("entry 4 does not match its hash");
        assertThat(invalid(good, n -> ((ObjectNode) n.get("entry")).put("payload", "{\"forged\":true}")))
                .contains("entry 4 does not match its hash: its content was changed");
        assertThat(invalid(good, n -> n.put("leafHash", java.util.Base64.getEncoder().encodeToString(new byte[32]))))
                .contains("entry 4's hash does not give the proof's leaf hash");
        assertThat(invalid(good, n -> {
            ObjectNode e = (ObjectNode) n.get("entry");
            e.put("signature", e.get("signature").asText().substring(0, 10) + "AAAA" + e.get("signature").asText().substring(14));
        })).contains("signature does not verify");
        assertThat(invalid(good, n -> n.put("checkpoint", n.get("checkpoint").asText().replaceFirst("\n6\n", "\n7\n"))))
                .contains("the checkpoint does not verify");
        assertThat(invalid(good, n -> n.put("seq", 5).putNull("entry"))).contains("inclusion proof of leaf 4");
        String consistency = ok("ledger", "prove-consistency", "--from", "3").out();
        assertThat(invalid(consistency, n -> n.put("oldRoot", n.get("proof").get(0).asText()).putNull("old")))
                .contains("does not lead to the root of size 3");
        Path other = dir.resolve("other.pub");
        Files.writeString(other, LedgerKeys.generate(new java.security.SecureRandom()).publicKeyPem());
        Path proof = dir.resolve("good.json");
        Files.writeString(proof, good);
        CliRun foreign = run("ledger", "verify-proof", proof.toString(), "--public-key", other.toString());
        assertThat(foreign.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(foreign.out()).startsWith("INVALID: the checkpoint does not verify");
    }

    String invalid(String proof, java.util.function.Consumer<ObjectNode> tamper) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(proof);
        tamper.accept(n);
        Path file = dir.resolve("tampered.json");
        Files.writeString(file, JSON.writeValueAsString(n));
        CliRun r = run("ledger", "verify-proof", file.toString(), "--public-key", pub().toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.outLines()).singleElement().asString().startsWith("INVALID: ");
        return r.out();
    }

    @Test
    void badUsage_exits2WithOneLine() throws IOException {
        append(data, 2);
        Path proof = dir.resolve("p.json");
        ok("ledger", "prove-inclusion", "--seq", "1", "--out", proof.toString());
        for (String[] args : new String[][] {
                {"ledger", "verify-proof", proof.toString()},
                {"ledger", "verify-proof", proof.toString(), "--public-key", pub().toString(), "--verifier-key", "x+1+AA"},
                {"ledger", "verify-proof", proof.toString(), "--verifier-key", "not a key"},
                {"ledger", "prove-inclusion", "--seq", "3"},
                {"ledger", "prove-inclusion", "--seq", "1", "--size", "9"},
                {"ledger", "prove-consistency", "--from", "0"},
                {"ledger", "prove-consistency", "--from", "2", "--to", "1"},
                {"ledger", "audit", "--state", dir.resolve("s").toString(), "--token", "t"},
                {"ledger", "audit", "--state", dir.resolve("s").toString(), "--checkpoint", dir.resolve("missing.txt").toString()}}) {
            CliRun r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as(String.join(" ", args)).singleElement().asString().startsWith("assay: ");
        }
        Files.writeString(proof, "{\"format\":\"assay-inclusion-proof/v1\",\"seq\":\"x\"}");
        CliRun malformed = run("ledger", "verify-proof", proof.toString(), "--public-key", pub().toString());
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains(proof.toString()).contains("'seq'");
    }

    @Test
    void audit_trustsOnFirstUse_acceptsGrowth_refusesARewindAndLeavesTheStateAlone() throws IOException {
        append(data, 3);
        Path state = dir.resolve("audit");
        assertThat(ok("ledger", "audit", "--state", state.toString()).out())
                .startsWith("trusted on first use: log assay.ledger/").contains("at 3 entries").contains("was taken from the log itself");
        assertThat(ok("ledger", "audit", "--state", state.toString(), "--public-key", pub().toString()).out())
                .startsWith("accepted: 3 -> 3 entries");
        append(data, 4);
        assertThat(ok("ledger", "audit", "--state", state.toString()).out()).startsWith("accepted: 3 -> 7 entries");
        String saved = Files.readString(state.resolve(AuditState.FILE));
        rewind(data, 5);
        CliRun rewound = run("ledger", "audit", "--state", state.toString());
        assertThat(rewound.exitCode()).as(rewound.out() + rewound.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(rewound.out()).startsWith("REFUSED: the log was rewound").contains("5 entries").contains("the 7 of");
        assertThat(Files.readString(state.resolve(AuditState.FILE))).isEqualTo(saved);
    }

    @Test
    void audit_refusesAForkAndAnotherKey() throws IOException {
        append(data, 4);
        Path state = dir.resolve("audit");
        ok("ledger", "audit", "--state", state.toString(), "--public-key", pub().toString());
        // the same key over another history: same size, different root; then a longer one that does not extend it
        Path fork = dir.resolve("fork");
        Files.createDirectories(fork);
        for (String f : new String[] {LedgerKeys.PRIVATE_FILE, LedgerKeys.PUBLIC_FILE})
            Files.copy(data.resolve(f), fork.resolve(f));
        append(fork, 4);
        CliRun same = run("ledger", "audit", "--state", state.toString(), "--data-dir", fork.toString());
        assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(same.out()).startsWith("REFUSED: the log forked: two checkpoints of 4 entries");
        append(fork, 2);
        CliRun longer = run("ledger", "audit", "--state", state.toString(), "--data-dir", fork.toString());
        assertThat(longer.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(longer.out()).startsWith("REFUSED: the log forked or was rewritten");
        Path other = dir.resolve("other");
        append(other, 5);
        CliRun foreign = run("ledger", "audit", "--state", state.toString(), "--data-dir", other.toString());
        assertThat(foreign.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(foreign.out()).startsWith("REFUSED: the newest checkpoint does not verify");
        CliRun otherKey = run("ledger", "audit", "--state", state.toString(), "--public-key",
                other.resolve(LedgerKeys.PUBLIC_FILE).toString());
        assertThat(otherKey.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(otherKey.out()).startsWith("REFUSED: the key given");
        assertThat(ok("ledger", "audit", "--state", state.toString()).out()).startsWith("accepted: 4 -> 4 entries");
    }

    @Test
    void audit_overHttpAgainstARunningService_acceptsGrowthAndRefusesABadToken() throws IOException {
        append(data, 2);
        Map<String, String> overrides = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "dataDir", data.toString(), "server.shutdownGrace", "5s"));
        AssayConfig config = AssayConfig.load(null, Map.of(), overrides);
        Path state = dir.resolve("audit");
        try (Store store = config.store().open(); Telemetry telemetry = Telemetry.create();
             Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(data), Clock.systemUTC())) {
            TokenService tokens = TokenService.create(store, Clock.systemUTC());
            String viewer = tokens.create("auditor", Role.VIEWER).secret();
            AssayServer server = AssayServer.builder(config, telemetry, tokens).module(new LedgerModule(ledger)).build().start();
            try {
                String url = server.uri().toString();
                assertThat(url).contains("127.0.0.1");
                assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", url + "/api/v1/ledger/checkpoint", "--token", viewer,
                        "--public-key", pub().toString()).out()).startsWith("trusted on first use:").contains("at 2 entries");
                ledger.append("test.grow", "a", JSON.createObjectNode());
                ledger.append("test.grow", "b", JSON.createObjectNode());
                assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", viewer).out())
                        .startsWith("accepted: 2 -> 4 entries");
                CliRun bad = run("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", "nope");
                assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
                assertThat(bad.errLines()).singleElement().asString().contains("refused the token (HTTP 401)");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void audit_ofACheckpointFile_isProvedByTheDataDirectorysLedger_andAForgedOneIsRefused() throws IOException {
        append(data, 3);
        Path state = dir.resolve("audit-file");
        Path cp = dir.resolve("checkpoint.txt");
        ok("ledger", "checkpoint", "--out", cp.toString());
        assertThat(Files.readString(cp)).contains("\n3\n").contains("\u2014 assay.ledger/");
        assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", cp.toString(), "--public-key", pub().toString())
                .out()).startsWith("trusted on first use:");
        append(data, 2);
        ok("ledger", "checkpoint", "--out", cp.toString());
        assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", cp.toString()).out()).startsWith("accepted: 3 -> 5");
        Path forged = dir.resolve("forged.txt");
        LedgerKeys other = LedgerKeys.generate(new java.security.SecureRandom());
        String origin = LedgerKeys.loadOrCreate(data).defaultOrigin();
        Files.writeString(forged, new dev.assay.core.tlog.Checkpoint(origin, 9, new byte[32]).sign(other.noteKey(origin)));
        byte[] before = Files.readAllBytes(state.resolve("audit-state.json"));
        CliRun r = run("ledger", "audit", "--state", state.toString(), "--checkpoint", forged.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).startsWith("REFUSED:");
        assertThat(Files.readAllBytes(state.resolve("audit-state.json"))).isEqualTo(before);
    }

    @Test
    void serveWitnessFlags_areConfigurationOverrides_andBadOnesExit2BeforeAnythingStarts() {
        CliRun bad = run("serve", "--port", "0", "--witness", "https://w.example");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("ledger.witnesses").contains("VKEY=URL");
        String vkey = dev.assay.core.tlog.CosignerKey.generate("w.example/a", new java.security.SecureRandom()).verifierOnly().verifierKey();
        CliRun tooOften = run("serve", "--port", "0", "--witness", vkey + "=https://w.example", "--witness-every", "100ms");
        assertThat(tooOften.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooOften.errLines()).singleElement().asString().contains("ledger.witnessEvery").contains("at least 1s");
    }

    @Test
    void proveCosigned_withoutAnyCosignature_isBadInputNamingWhatIsMissing() {
        append(data, 2);
        CliRun r = run("ledger", "prove-inclusion", "--seq", "1", "--cosigned");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("no witness has cosigned");
    }

    @Test
    void exportTiles_writesTheStaticLogWhoseCheckpointVerifies() throws IOException {
        append(data, 4);
        Path tiles = dir.resolve("log");
        CliRun r = run("ledger", "export", "--tiles", tiles.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("tiles of 4 entries");
        String note = Files.readString(tiles.resolve("checkpoint"));
        assertThat(note).isEqualTo(ok("ledger", "checkpoint").out());
        assertThat(Files.size(tiles.resolve("tile/0/000.p/4"))).isEqualTo(4 * 32);
        assertThat(Files.size(tiles.resolve("tile/entries/000.p/4"))).isEqualTo(4 * 34);
        assertThat(run("ledger", "export", "--tiles", tiles.toString(), "--out", dir.resolve("x").toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void audit_requiringWitnesses_acceptsTheServicesCosignedCheckpoint_andRefusesTooFewCosigners() throws Exception {
        append(data, 3);
        Map<String, String> overrides = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "dataDir", data.toString(), "server.shutdownGrace", "5s"));
        AssayConfig config = AssayConfig.load(null, Map.of(), overrides);
        var witnessKey = dev.assay.core.tlog.CosignerKey.generate("witness.test/w", new java.security.SecureRandom());
        String vkey = witnessKey.verifierOnly().verifierKey();
        String stranger = dev.assay.core.tlog.CosignerKey.generate("witness.test/x", new java.security.SecureRandom()).verifierOnly().verifierKey();
        try (Store store = config.store().open(); Telemetry telemetry = Telemetry.create();
             Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(data), Clock.systemUTC())) {
            var witness = dev.assay.server.witness.WitnessServer.create(dev.assay.core.tlog.Witness.open(witnessKey,
                    Map.of(ledger.origin(), java.util.List.of(ledger.checkpointKey())), dir.resolve("witness-state"), Clock.systemUTC()),
                    "127.0.0.1", 0).start();
            var witnesses = new dev.assay.core.ledger.LedgerWitnesses(store, ledger,
                    java.util.List.of(dev.assay.core.ledger.LedgerWitnesses.Endpoint.parse(vkey + "=" + witness.uri())),
                    java.time.Duration.ofSeconds(10), Clock.systemUTC());
            TokenService tokens = TokenService.create(store, Clock.systemUTC());
            String viewer = tokens.create("auditor", Role.VIEWER).secret();
            AssayServer server = AssayServer.builder(config, telemetry, tokens)
                    .module(new dev.assay.server.ledger.WitnessingModule(witnesses, java.time.Duration.ofSeconds(1), Clock.systemUTC()))
                    .module(new LedgerModule(ledger)).build().start();
            try {
                String url = server.uri().toString();
                for (int i = 0; i < 100 && witnesses.cosignedCheckpoint().isEmpty(); i++) Thread.sleep(100);
                assertThat(witnesses.cosignedCheckpoint()).isPresent();
                Path state = dir.resolve("audit-w");
                assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", viewer,
                        "--public-key", pub().toString(), "--witness", vkey).out())
                        .startsWith("trusted on first use:").contains("at 3 entries").contains("cosigned by witness.test/w");
                CliRun tooFew = run("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", viewer,
                        "--witness", vkey, "--witness", stranger);
                assertThat(tooFew.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
                assertThat(tooFew.out()).startsWith("REFUSED: 2 of 2 witnesses must cosign").contains("but 1 verified");
                assertThat(ok("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", viewer,
                        "--witness", vkey, "--witness", stranger, "--min-witnesses", "1").out()).startsWith("accepted: 3 -> 3");
                CliRun badK = run("ledger", "audit", "--state", state.toString(), "--checkpoint", url, "--token", viewer,
                        "--witness", vkey, "--min-witnesses", "2");
                assertThat(badK.exitCode()).isEqualTo(ExitCodes.USAGE);
                HttpResponseCheck.status(url + "/api/v1/ledger/checkpoint/witnesses", viewer, 200);

                Path cosignedProof = dir.resolve("cosigned.proof.json");
                ok("ledger", "prove-inclusion", "--seq", "2", "--cosigned", "--out", cosignedProof.toString());
                assertThat(ok("ledger", "verify-proof", cosignedProof.toString(), "--public-key", pub().toString(), "--witness", vkey)
                        .out()).startsWith("valid: ").contains("cosigned by witness.test/w");
                CliRun strangerOnly = run("ledger", "verify-proof", cosignedProof.toString(), "--public-key", pub().toString(),
                        "--witness", stranger);
                assertThat(strangerOnly.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
                assertThat(strangerOnly.out()).startsWith("INVALID: 1 of 1 witnesses must cosign").contains("but 0 verified");
                Path plainProof = dir.resolve("plain.proof.json");
                ok("ledger", "prove-consistency", "--from", "1", "--out", plainProof.toString());
                assertThat(run("ledger", "verify-proof", plainProof.toString(), "--public-key", pub().toString(), "--witness", vkey)
                        .exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
                Path cosignedConsistency = dir.resolve("cosigned-consistency.proof.json");
                ok("ledger", "prove-consistency", "--from", "1", "--cosigned", "--out", cosignedConsistency.toString());
                assertThat(ok("ledger", "verify-proof", cosignedConsistency.toString(), "--public-key", pub().toString(),
                        "--witness", vkey).out()).contains("cosigned by witness.test/w");
                assertThat(run("ledger", "prove-inclusion", "--seq", "1", "--size", "2", "--cosigned").exitCode()).isEqualTo(ExitCodes.USAGE);

                Path overHttp = dir.resolve("http-cosigned.proof.json");
                Files.writeString(overHttp, HttpResponseCheck.body(url + "/api/v1/ledger/checkpoint/cosigned/proof/inclusion?seq=3", viewer, 200));
                assertThat(ok("ledger", "verify-proof", overHttp.toString(), "--public-key", pub().toString(), "--witness", vkey).out())
                        .contains("cosigned by witness.test/w");
                Files.writeString(overHttp, HttpResponseCheck.body(url + "/api/v1/ledger/checkpoint/cosigned/proof/consistency?from=1", viewer, 200));
                assertThat(ok("ledger", "verify-proof", overHttp.toString(), "--public-key", pub().toString(), "--witness", vkey).out())
                        .contains("cosigned by witness.test/w");
                assertThat(HttpResponseCheck.body(url + "/api/v1/ledger/checkpoint/cosigned/proof/inclusion", viewer, 400))
                        .contains("'seq' is required");
            } finally {
                server.stop();
                witness.stop();
            }
        }
    }

    /** GETs with a bearer token. */
    static final class HttpResponseCheck {
        static void status(String url, String token, int expected) throws Exception {
            assertThat(body(url, token, expected)).contains("witness.test/w").contains("\"cosigned\":true");
        }

        static String body(String url, String token, int expected) throws Exception {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
            return r.body();
        }
    }

    /** Removes the entries after {@code keep} and points the head at entry {@code keep}, as a rewind would. */
    static void rewind(Path dataDir, long keep) {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("dataDir", dataDir.toString()));
        try (Store store = config.store().open()) {
            store.jdbi().useHandle(h -> {
                String hash = h.createQuery("SELECT hash FROM ledger_entries WHERE seq = :s").bind("s", keep).mapTo(String.class).one();
                h.execute("DELETE FROM ledger_entries WHERE seq > " + keep);
                h.createUpdate("UPDATE ledger_head SET seq = :s, hash = :hash WHERE id = 1").bind("s", keep).bind("hash", hash).execute();
            });
        }
    }
}
