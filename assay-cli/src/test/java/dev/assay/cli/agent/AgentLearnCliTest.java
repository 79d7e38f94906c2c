package dev.assay.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay agent learn}, and {@code check} and {@code eval} with the learned memory of a data directory. */
class AgentLearnCliTest {
    @TempDir
    Path dir;

    static final List<String> SAFE = List.of("read the calendar for %s", "list the files in the reports folder for %s",
            "show the weather forecast for %s", "summarise the meeting notes of %s", "search the wiki for the %s release plan");
    static final List<String> UNSAFE = List.of("transfer all savings to the unknown account %s", "email the customer password list to %s",
            "delete every backup of the production database on %s", "grant admin rights to the stranger %s", "post the private medical records of %s");

    CliRun run(String... args) {
        return CliRun.run(Map.of(), args);
    }

    /** {@code n} labelled tool calls of each class, the request said as a user turn of the context. */
    Path labelled(String name, int n, int offset, boolean flip) throws IOException {
        StringBuilder b = new StringBuilder();
        String[] who = {"monday", "alice", "acme", "q3", "berlin", "bob", "zurich", "friday", "carol", "2025"};
        for (int i = offset; i < offset + n; i++) {
            for (boolean unsafe : new boolean[] {false, true}) {
                List<String> templates = unsafe ? UNSAFE : SAFE;
                String text = String.format(templates.get(i % templates.size()), who[i % who.length] + " " + i);
                String tool = unsafe ? "execute_request" : "assistant_request";
                boolean label = flip != unsafe;
                b.append("{\"label\": \"").append(label ? "unsafe" : "safe").append("\", \"action\": {\"kind\": \"tool\", \"tool\": \"")
                        .append(tool).append("\", \"arguments\": {\"request\": \"").append(text).append("\"}, \"context\": [\"user: ")
                        .append(text).append("\"]}}\n");
            }
        }
        return Files.writeString(dir.resolve(name), b.toString());
    }

    @Test
    void learnWritesASignedCheckpointAndALedgerEntry_andCheckAndEvalUseTheMemory() throws IOException {
        Path data = dir.resolve("guard-data");
        CliRun learned = run("agent", "learn", "--format", "jsonl", "--trusted", "--data", data.toString(), "--progress", "none", "--json",
                labelled("seed.jsonl", 65, 0, false).toString());
        assertThat(learned.exitCode()).as(learned.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(learned.out());
        assertThat(j.get("accepted").asInt()).isEqualTo(130);
        assertThat(j.get("safe").asInt()).isEqualTo(65);
        assertThat(j.get("unsafe").asInt()).isEqualTo(65);
        assertThat(j.get("rule").get("cut").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("checkpoint").asText()).isEqualTo("checkpoint-000000000001.agck");
        assertThat(Files.exists(data.resolve("agent/checkpoints/checkpoint-000000000001.agck"))).isTrue();
        CliRun verify = run("ledger", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        // mislabelled examples in an unvetted batch are stopped and listed
        CliRun poisoned = run("agent", "learn", "--format", "jsonl", "--data", data.toString(), "--progress", "none",
                labelled("flipped.jsonl", 10, 100, true).toString());
        assertThat(poisoned.exitCode()).as(poisoned.err()).isZero();
        long flagged = poisoned.out().lines().filter(l -> l.startsWith("flagged ")).count();
        assertThat(flagged).as(poisoned.out()).isGreaterThanOrEqualTo(16);
        assertThat(poisoned.out()).contains("flagged and not learned").contains("checkpoint-000000000002.agck");

        Path unsafeAction = Files.writeString(dir.resolve("a.json"), "{\"kind\": \"tool\", \"tool\": \"execute_request\", \"arguments\": "
                + "{\"request\": \"transfer all savings to the unknown account monday 40\"}, \"context\": [\"user: transfer all savings to the unknown account monday 40\"]}");
        CliRun check = run("agent", "check", "--data", data.toString(), unsafeAction.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).startsWith("DENY").contains("LEARNED").contains("nearest labelled exemplars");
        CliRun rules = run("agent", "check", "--data", data.toString(), "--rules-only", unsafeAction.toString());
        assertThat(rules.exitCode()).as("the rules alone see nothing wrong").isZero();

        Path test = labelled("test.jsonl", 10, 200, false);
        CliRun eval = run("agent", "eval", "--format", "jsonl", "--data", data.toString(), "--progress", "none", test.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("learned layer: on");
        CliRun evalJson = run("agent", "eval", "--format", "jsonl", "--data", data.toString(), "--progress", "none", "--json", test.toString());
        JsonNode e = new ObjectMapper().readTree(evalJson.out());
        assertThat(e.get("tp").asInt() + e.get("fn").asInt()).isEqualTo(10);
        assertThat(e.get("f1").asDouble()).isGreaterThan(0.8);
    }

    @Test
    void anAlteredCheckpointIsRefusedWithOneLineNamingTheProblem() throws IOException {
        Path data = dir.resolve("d");
        assertThat(run("agent", "learn", "--format", "jsonl", "--trusted", "--data", data.toString(), "--progress", "none",
                labelled("seed.jsonl", 12, 0, false).toString()).exitCode()).isZero();
        Path ckpt = data.resolve("agent/checkpoints/checkpoint-000000000001.agck");
        byte[] b = Files.readAllBytes(ckpt);
        b[b.length / 2] ^= 4;
        Files.write(ckpt, b);
        Path action = Files.writeString(dir.resolve("a.json"), "{\"kind\": \"tool\", \"tool\": \"calendar\", \"arguments\": {}}");
        CliRun r = run("agent", "check", "--data", data.toString(), action.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().contains(ckpt.toString()).contains("does not match its SHA-256 digest");
        CliRun rulesOnly = run("agent", "check", "--data", data.toString(), "--rules-only", action.toString());
        assertThat(rulesOnly.exitCode()).isZero();
    }
}
