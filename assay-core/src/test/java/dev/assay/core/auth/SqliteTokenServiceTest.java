package dev.assay.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenServiceTest extends TokenServiceContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("assay.db"));
    }

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("assay.db").toAbsolutePath();
    }

    /** The CLI's {@code tokens create} beside {@code assay serve} on one SQLite directory, as two JVMs. */
    @Test
    void tokenWritesFromAnotherProcess_whileThisOneAppendsAndWritesTokens_allSucceed() throws Exception {
        Path db = dir.resolve("assay.db");
        Path childErr = dir.resolve("child.err");
        int childCreates = 60;
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<Long, String> childSecrets = new HashMap<>();
        Set<Long> childRevoked = new HashSet<>();
        List<IssuedToken> ours = new ArrayList<>();
        int exit;
        try (Store store = Store.sqlite(db);
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            TokenService tokens = TokenService.create(store, Clock.systemUTC());
            Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    TokenWriterChild.class.getName(), db.toString(), Integer.toString(childCreates)))
                    .redirectError(childErr.toFile())
                    .start();
            try {
                CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readChild(child, childSecrets, childRevoked));
                for (int i = 0; i < 2_000 && child.isAlive(); i++) {
                    ledger.append("test.load", "parent", JsonNodeFactory.instance.objectNode().put("i", i));
                    if (i % 5 == 0) {
                        IssuedToken t = tokens.create("parent-" + i, Role.VIEWER);
                        ours.add(t);
                        if (ours.size() % 2 == 0) tokens.revoke(t.info().id());
                    }
                }
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
                exit = child.exitValue();
                reading.get(30, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly();
            }
            assertThat(exit).as("child exit status; its stderr: %s", Files.readString(childErr)).isZero();
            assertThat(childSecrets).hasSize(childCreates);
            assertThat(childRevoked).hasSize(childCreates / 2);
            for (var e : childSecrets.entrySet()) {
                assertThat(tokens.authenticate(e.getValue()).isPresent()).as("child token " + e.getKey())
                        .isEqualTo(!childRevoked.contains(e.getKey()));
            }
            for (int i = 0; i < ours.size(); i++) {
                assertThat(tokens.authenticate(ours.get(i).secret()).isPresent()).isEqualTo(i % 2 == 0);
            }
            assertThat(tokens.list()).hasSize(childCreates + ours.size());
            assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
        }
    }

    private static void readChild(Process child, Map<Long, String> secrets, Set<Long> revoked) {
        try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ");
                synchronized (secrets) {
                    if (parts[0].equals("CREATED")) secrets.put(Long.parseLong(parts[1]), parts[2]);
                    else if (parts[0].equals("REVOKED")) revoked.add(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
