package dev.assay.cli.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintCliTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        env = Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString());
    }

    CliRun assay(String... args) {
        return CliRun.run(env, args);
    }

    static final String[] TERSE = {"Done.", "Sent.", "OK, paid.", "Transferred the amount.", "Booked it."};
    static final String[] VERBOSE = {"Certainly! I'd be happy to help you with that. Let me take care of it step by step.",
            "Of course! First, I will look at the details, and then I will complete the request for you.",
            "Absolutely, here is what I did: I checked the information carefully and completed everything you asked."};

    /** A log of {@code n} responses of a model whose style is terse or verbose, to probes p0..p(n-1). */
    Path log(String name, String model, boolean verbose, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] pool = verbose ? VERBOSE : TERSE;
            String text = pool[rng.nextInt(pool.length)] + " (request " + i + ")"
                    + (rng.nextBoolean() ? "\nCALL send_money {\"amount\": " + rng.nextInt(100) + "}" : "");
            lines.add(json.writeValueAsString(Map.of("model", model, "prompt_id", "p" + i, "prompt", "task " + i, "response", text)));
        }
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    @Test
    void buildsVerifiesAndIdentifiesWithTheDocumentedExitCodes() throws IOException {
        Path a1 = log("a1.jsonl", "model-a", false, 200, 1);
        Path a2 = log("a2.jsonl", "model-a", false, 200, 2);
        Path b = log("b.jsonl", "model-b", true, 200, 3);
        Path sig = dir.resolve("a.asfp");
        CliRun built = assay("fingerprint", "build", a1.toString(), "--out", sig.toString(), "--dim", "1024", "--progress", "none");
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.out()).contains("built model-a: 200 responses to 200 probes, dimension 1024");
        assertThat(built.err()).contains("recorded as ledger entry 1");

        CliRun same = assay("fingerprint", "verify", "--reference", sig.toString(), "--candidate", a2.toString(), "--progress", "none");
        assertThat(same.exitCode()).as(same.out()).isZero();
        assertThat(same.out()).startsWith("SAME");
        CliRun diff = assay("fingerprint", "verify", "--reference", sig.toString(), "--candidate", b.toString(), "--json", "--progress", "none");
        assertThat(diff.exitCode()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(diff.out());
        assertThat(j.get("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(j.get("pValue").asDouble()).isLessThan(0.01);
        CliRun seq = assay("fingerprint", "verify", "--reference", sig.toString(), "--candidate", b.toString(), "--sequential", "--json",
                "--progress", "none");
        assertThat(seq.exitCode()).as(seq.out()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(seq.out()).get("pairs").asInt()).isLessThan(200);
        CliRun few = assay("fingerprint", "verify", "--reference", sig.toString(), "--candidate", log("few.jsonl", "model-a", false, 3, 4).toString(),
                "--progress", "none");
        assertThat(few.exitCode()).isEqualTo(3);
        assertThat(few.out()).startsWith("UNDECIDED").contains("too few responses");

        Path bsig = dir.resolve("b.asfp");
        assertThat(assay("fingerprint", "build", b.toString(), "--out", bsig.toString(), "--dim", "1024", "--progress", "none").exitCode()).isZero();
        CliRun idA = assay("fingerprint", "identify", "--reference", sig.toString(), "--reference", bsig.toString(), "--candidate", a2.toString(),
                "--progress", "none");
        assertThat(idA.exitCode()).as(idA.err()).isZero();
        assertThat(idA.outLines().get(idA.outLines().size() - 1)).isEqualTo("model-a");
        Path c = dir.resolve("c.jsonl");
        Files.writeString(c, "{\"model\": \"model-c\", \"prompt_id\": \"q1\", \"response\": \"\\u4f60\\u597d\\uff0c\\u6211\\u5df2\\u7ecf\\u5b8c\\u6210\\u4e86\\u8fd9\\u4e2a\\u4efb\\u52a1\\u3002\\u8c22\\u8c22\\u3002\"}\n");
        CliRun idNone = assay("fingerprint", "identify", "--reference", sig.toString(), "--reference", bsig.toString(), "--candidate", c.toString(),
                "--progress", "none");
        assertThat(idNone.outLines().get(idNone.outLines().size() - 1)).isEqualTo("none");
        assertThat(idNone.exitCode()).isEqualTo(1);

        CliRun ledger = assay("ledger", "verify");
        assertThat(ledger.exitCode()).as(ledger.out() + ledger.err()).isZero();
    }

    @Test
    void mergeOfShardsEqualsTheSignatureOfAllTheirResponses() throws IOException {
        Path a1 = log("a1.jsonl", "model-a", false, 30, 1);
        Path a2 = log("a2.jsonl", "model-a", false, 30, 2);
        Path s1 = dir.resolve("s1.asfp"), s2 = dir.resolve("s2.asfp"), both = dir.resolve("both.asfp"), merged = dir.resolve("m.asfp");
        for (String[] args : List.of(new String[] {a1.toString(), s1.toString()}, new String[] {a2.toString(), s2.toString()})) {
            assertThat(assay("fingerprint", "build", args[0], "--out", args[1], "--dim", "512", "--progress", "none", "--no-record").exitCode()).isZero();
        }
        assertThat(assay("fingerprint", "build", a1.toString(), a2.toString(), "--out", both.toString(), "--dim", "512", "--progress", "none",
                "--no-record").exitCode()).isZero();
        CliRun m = assay("fingerprint", "merge", s1.toString(), s2.toString(), "--out", merged.toString(), "--no-record");
        assertThat(m.exitCode()).as(m.err()).isZero();
        assertThat(Files.readAllBytes(merged)).isEqualTo(Files.readAllBytes(both));
        assertThat(Files.exists(dir.resolve("data"))).as("--no-record opens no store").isFalse();
    }

    @Test
    void badInputIsOneLineOnStderrAndExit2() throws IOException {
        Path a = log("a.jsonl", "model-a", false, 10, 1);
        Path b = log("b.jsonl", "model-b", true, 10, 2);
        Path mixed = dir.resolve("mixed.jsonl");
        Files.writeString(mixed, Files.readString(a) + Files.readString(b));
        CliRun r = assay("fingerprint", "build", mixed.toString(), "--out", dir.resolve("x.asfp").toString(), "--no-record");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("holds responses of 2 models (model-a, model-b)");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, Files.readString(a) + "{\"prompt_id\": \n" + Files.readString(a));
        CliRun strict = assay("fingerprint", "build", bad.toString(), "--out", dir.resolve("x.asfp").toString(), "--no-record", "--progress", "none");
        assertThat(strict.exitCode()).isEqualTo(2);
        assertThat(strict.errLines()).hasSize(1);
        assertThat(strict.err()).contains("bad.jsonl:11: not valid JSON");
        CliRun skip = assay("fingerprint", "build", bad.toString(), "--out", dir.resolve("x.asfp").toString(), "--no-record", "--progress", "none",
                "--skip-bad-lines");
        assertThat(skip.exitCode()).isZero();
        assertThat(skip.err()).contains("skipped " + bad + ":11: not valid JSON");
        assertThat(skip.out()).contains("20 responses to 10 probes");

        Path s512 = dir.resolve("s512.asfp"), s1024 = dir.resolve("s1024.asfp");
        assay("fingerprint", "build", a.toString(), "--out", s512.toString(), "--dim", "512", "--no-record", "--progress", "none");
        assay("fingerprint", "build", a.toString(), "--out", s1024.toString(), "--dim", "1024", "--no-record", "--progress", "none");
        CliRun mismatch = assay("fingerprint", "merge", s512.toString(), s1024.toString(), "--out", dir.resolve("m.asfp").toString(), "--no-record");
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("encoder configurations differ (dimension 512 vs 1024)");

        byte[] bytes = Files.readAllBytes(s512);
        bytes[bytes.length / 2] ^= 1;
        Path tampered = dir.resolve("t.asfp");
        Files.write(tampered, bytes);
        CliRun t = assay("fingerprint", "verify", "--reference", tampered.toString(), "--candidate", a.toString(), "--no-record", "--progress", "none");
        assertThat(t.exitCode()).isEqualTo(2);
        assertThat(t.err()).contains("is corrupted or truncated");
    }

    @Test
    void driftReplaysTheCandidateAndTypesTheAlarm() throws IOException {
        Path ref = log("ref.jsonl", "model-a", false, 200, 1);
        Path steady = log("steady.jsonl", "model-a", false, 150, 2);
        Path sig = dir.resolve("a.asfp");
        assay("fingerprint", "build", ref.toString(), "--out", sig.toString(), "--dim", "1024", "--no-record", "--progress", "none");
        CliRun none = assay("fingerprint", "drift", "--reference", sig.toString(), "--candidate", steady.toString(), "--arl", "2000",
                "--no-record", "--progress", "none");
        assertThat(none.exitCode()).as(none.out() + none.err()).isZero();
        assertThat(none.out()).startsWith("NO DRIFT");
        // the same model for 60 responses, then another one
        List<String> lines = new ArrayList<>(Files.readAllLines(steady).subList(0, 60));
        lines.addAll(Files.readAllLines(log("swap.jsonl", "model-a", true, 90, 5)));
        Path swapped = dir.resolve("swapped.jsonl");
        Files.write(swapped, lines);
        CliRun drift = assay("fingerprint", "drift", "--reference", sig.toString(), "--candidate", swapped.toString(), "--arl", "2000",
                "--json", "--progress", "none");
        assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(drift.out());
        assertThat(j.get("drift").asBoolean()).isTrue();
        assertThat(j.get("type").asText()).isEqualTo("SUDDEN");
        assertThat(j.get("firstAlarmAt").asLong()).isBetween(60L, 80L);
    }

    @Test
    void exportedPackagesVerifyWithTheLedgerKeyAndScoreResponsesAndATamperedOneIsRefused() throws IOException {
        Path a = log("a.jsonl", "model-a", false, 300, 1);
        Path sig = dir.resolve("a.asfp");
        assertThat(assay("fingerprint", "build", a.toString(), "--out", sig.toString(), "--dim", "1024", "--progress", "none").exitCode()).isZero();
        for (String level : List.of("minimal", "balanced", "full")) {
            Path pkg = dir.resolve(level + ".aedg");
            CliRun e = assay("fingerprint", "export", sig.toString(), "--level", level, "--out", pkg.toString());
            assertThat(e.exitCode()).as(e.err()).isZero();
            assertThat(e.out()).contains("at level " + level);
            CliRun same = assay("fingerprint", "import", pkg.toString(), "--candidate", log("a2.jsonl", "model-a", false, 20, 7).toString(),
                    "--progress", "none");
            assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
            assertThat(same.outLines().get(same.outLines().size() - 1)).startsWith("MATCH");
            CliRun other = assay("fingerprint", "import", pkg.toString(), "--candidate", log("b.jsonl", "model-b", true, 20, 8).toString(),
                    "--progress", "none");
            assertThat(other.exitCode()).as(other.out()).isEqualTo(1);
            assertThat(other.outLines().get(other.outLines().size() - 1)).startsWith("NO_MATCH");
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("full.aedg"));
        bytes[bytes.length - 70] ^= 4;
        Path bad = dir.resolve("bad.aedg");
        Files.write(bad, bytes);
        CliRun t = assay("fingerprint", "import", bad.toString());
        assertThat(t.exitCode()).isEqualTo(2);
        assertThat(t.errLines()).hasSize(1);
        assertThat(t.err()).contains("edge package");
        assertThat(assay("ledger", "verify").exitCode()).isZero();
    }

    @Test
    void agentDojoPipelinesOfOneModelAreToldApartFromEachOtherAndFromOtherModels() {
        Path d = TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses");
        String gpt4o = d.resolve("gpt-4o-2024-05-13-tool_filter.jsonl").toString();
        CliRun same = assay("fingerprint", "verify", "--reference", gpt4o, "--candidate", gpt4o, "--no-record", "--progress", "none", "--dim", "4096");
        assertThat(same.exitCode()).as(same.out()).isZero();
        CliRun pipeline = assay("fingerprint", "verify", "--reference", gpt4o, "--candidate",
                d.resolve("gpt-4o-2024-05-13-spotlighting_with_delimiting.jsonl").toString(), "--no-record", "--progress", "none", "--dim", "4096");
        assertThat(pipeline.exitCode()).as(pipeline.out()).isEqualTo(1);
        CliRun other = assay("fingerprint", "verify", "--reference", gpt4o, "--candidate", d.resolve("gemini-1-5-pro-002.jsonl").toString(),
                "--no-record", "--progress", "none", "--dim", "4096");
        assertThat(other.exitCode()).as(other.out()).isEqualTo(1);
    }
}
