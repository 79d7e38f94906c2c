package dev.assay.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM appending in a loop is killed with SIGKILL; every acknowledged entry must survive and the ledger must verify. */
class LedgerCrashTest {
    @TempDir
    Path dir;

    @Test
    void sigkilledWriter_losesNoAcknowledgedEntryAndStillVerifies() throws Exception {
        Path db = dir.resolve("crash.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LedgerCrashChild.class.getName(), db.toString(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Long, String> acked = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            String line;
            while ((line = in.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acked.put(Long.parseLong(parts[1]), parts[2]);
                    if (acked.size() >= 400) break;
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
            child.waitFor(10, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).as("the child acknowledged appends before it was killed").hasSizeGreaterThanOrEqualTo(400);

        try (Store store = Store.sqlite(db);
             Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(dir), Clock.systemUTC())) {
            VerifyReport report = ledger.verify(VerifyMode.FULL);
            assertThat(report.valid()).as(report.detail()).isTrue();
            for (var e : acked.entrySet()) {
                assertThat(ledger.get(e.getKey())).as("acknowledged entry " + e.getKey())
                        .hasValueSatisfying(entry -> assertThat(entry.hash()).isEqualTo(e.getValue()));
            }
            LedgerEntry next = ledger.append("crash.test", "after-restart", LedgerContractKit.payload(0));
            assertThat(next.seq()).isEqualTo(report.entriesChecked() + 1);
            assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
        }
    }
}
