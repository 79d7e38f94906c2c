package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay llm monitor}: token drift monitors defined, listed and stopped in the data directory's store. */
class LlmMonitorCliTest {
    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    @Test
    void defineListAndStop() throws IOException {
        Path ref = LlmScoreCliTest.lines(dir.resolve("ref.jsonl"), 1, 30, 0.4);
        CliRun d = run("llm", "monitor", "define", "acme/chat-1", "--reference", ref.toString(), "--window", "10m", "--alpha", "0.001");
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(d.out()).startsWith("defined llm.tokens/acme/chat-1  ACTIVE  window PT10M  alpha 0.001  min 20  reference 30 (median perplexity 1.");
        CliRun again = run("llm", "monitor", "define", "acme/chat-1", "--reference", ref.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.errLines()).hasSize(1);
        assertThat(again.errLines().getFirst()).contains("llm.tokens/acme/chat-1");
        CliRun list = run("llm", "monitor", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.outLines()).singleElement().satisfies(l -> assertThat(l).startsWith("llm.tokens/acme/chat-1  ACTIVE").contains("windows 0"));
        CliRun stop = run("llm", "monitor", "stop", "acme/chat-1");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(run("llm", "monitor", "list").out()).startsWith("llm.tokens/acme/chat-1  STOPPED");
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Path ref = LlmScoreCliTest.lines(dir.resolve("ref.jsonl"), 1, 30, 0.4);
        Path few = LlmScoreCliTest.lines(dir.resolve("few.jsonl"), 1, 5, 0.4);
        Map<String[], String> cases = Map.of(
                new String[] {"llm", "monitor", "define", "m", "--reference", ref.toString(), "--window", "soon"}, "assay: --window ",
                new String[] {"llm", "monitor", "define", "m", "--reference", ref.toString(), "--alpha", "0.7"}, "assay: --alpha must be in (0, 0.5), but was 0.7",
                new String[] {"llm", "monitor", "define", "m", "--reference", few.toString()}, "assay: reference must hold 20 to 10000 perplexities, but held 5",
                new String[] {"llm", "monitor", "define", "has space", "--reference", ref.toString()}, "assay: a token monitor's model must be",
                new String[] {"llm", "monitor", "define", "m", "--reference", ref.toString(), "--values", "raw"}, "assay: --values must be auto or logprobs",
                new String[] {"llm", "monitor", "define", "m", "--reference", dir.resolve("absent.jsonl").toString()}, "assay: ",
                new String[] {"llm", "monitor", "stop", "nobody"}, "assay: no token monitor for model nobody",
                new String[] {"llm", "monitor"}, "assay: missing subcommand: define, list or stop");
        for (var c : cases.entrySet()) {
            CliRun r = run(c.getKey());
            assertThat(r.exitCode()).as(String.join(" ", c.getKey()) + ": " + r.err()).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", c.getKey())).hasSize(1);
            assertThat(r.errLines().getFirst()).as(String.join(" ", c.getKey())).startsWith(c.getValue());
        }
    }
}
