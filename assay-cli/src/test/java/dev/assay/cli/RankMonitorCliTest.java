package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank monitor} in-process over a real store: windows, triggers, rollback and exit codes. */
class RankMonitorCliTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    Map<String, String> env;

    @BeforeEach
    void rollout() {
        env = Map.of("ASSAY_DATA_DIR", dir.toString());
        ok("models", "register", "ranker");
        ok("models", "add-version", "ranker", "v1", "--data-hash", "h1", "--seed", "1", "--code-version", "git:1");
        ok("models", "add-version", "ranker", "v2", "--data-hash", "h2", "--seed", "2", "--code-version", "git:2");
        ok("models", "deploy", "ranker", "v1", "--stage", "PRIMARY", "--reason", "first");
        ok("models", "deploy", "ranker", "v2", "--stage", "CANARY", "--percent", "10", "--reason", "canary");
    }

    CliRun ok(String... args) {
        CliRun r = CliRun.run(env, args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        return r;
    }

    /** {@code windows} minutes of 30 queries each, gains alternating mean -/+ 0.1, latency 100 ms. */
    Path observations(String name, int windows, double mean) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (int q = 0; q < 30; q++) {
                double gain = mean + (q % 2 == 0 ? -0.1 : 0.1);
                lines.add(String.format(Locale.ROOT, "{\"time\":\"%s\",\"gain\":%.4f,\"latencyMs\":100,\"jaccard10\":0.9}",
                        T0.plusSeconds(60L * w + q), gain));
            }
        }
        return Files.write(dir.resolve(name), lines);
    }

    Path literalConfig() throws IOException {
        return Files.writeString(dir.resolve("monitor.yaml"), "qualityMargin: 0\nresamples: 500\n");
    }

    @Test
    void goodCandidate_exits0WithOneLinePerWindow() throws IOException {
        CliRun r = CliRun.run(env, "rank", "monitor", "--model", "ranker", "--candidate", "v2",
                "--observations", observations("good.jsonl", 3, 0.1).toString(), "--monitor-config", literalConfig().toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("window ")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("quality.lcb=PASS").contains("latency.p95=PASS"));
        assertThat(r.out()).doesNotContain("trigger ").contains("rolled_back=false");
        assertThat(ok("models", "show", "ranker").out()).contains("CANARY");
    }

    @Test
    void threeBadWindows_rollBackOnceAndExit1() throws IOException {
        CliRun r = CliRun.run(env, "rank", "monitor", "--model", "ranker", "--candidate", "v2",
                "--observations", observations("bad.jsonl", 4, -0.005).toString(), "--monitor-config", literalConfig().toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("trigger ")).singleElement().asString()
                .startsWith("trigger CRITICAL ROLLBACK quality.lcb:critical at 2026-03-02T10:03:00Z");
        assertThat(r.out()).contains("rolled_back=true").contains("rollback ranker/v2: ranking monitor quality.lcb:critical");
        assertThat(ok("models", "show", "ranker").out()).contains("RETIRED");
        assertThat(ok("ledger", "verify").out()).startsWith("ok:");
    }

    @Test
    void badInput_exits2AndNamesTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"),
                "{\"time\":\"2026-03-02T10:00:00Z\",\"gain\":0.1}\n{\"time\":\"2026-03-02T10:00:01Z\",\"gain\":NaN}\n");
        CliRun r = CliRun.run(env, "rank", "monitor", "--model", "ranker", "--candidate", "v2", "--observations", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("bad.jsonl:2:");

        Path badConfig = Files.writeString(dir.resolve("m.yaml"), "alpha: 2\nwindow: never\n");
        CliRun c = CliRun.run(env, "rank", "monitor", "--model", "ranker", "--candidate", "v2",
                "--observations", observations("ok.jsonl", 1, 0.1).toString(), "--monitor-config", badConfig.toString());
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.errLines()).singleElement().asString().contains("alpha: must be in (0, 0.5), but was 2.0 (line 1)")
                .contains("window: must be a duration like 250ms, 30s, 5m, 2h, 2d, 1h30m or ISO-8601 PT30S, but was 'never' (line 2)");

        CliRun unknown = CliRun.run(env, "rank", "monitor", "--model", "ranker", "--candidate", "v9",
                "--observations", observations("ok2.jsonl", 1, 0.1).toString());
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.errLines()).singleElement().asString().contains("v9");
        assertThat(ok("models", "show", "ranker").out()).contains("CANARY");
    }
}
