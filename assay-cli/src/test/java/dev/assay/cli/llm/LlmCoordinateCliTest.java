package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.ReplayServer.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmCoordinateCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    /** Two tasks; each task's replies cycle, so the team and the baseline see different samples. */
    static List<Recording> recordings() {
        List<Recording> rec = new ArrayList<>();
        for (String r : List.of("Answer: 4", "Answer: 4", "Answer: 5", "Answer: 5", "Answer: 5", "Answer: 4"))
            rec.add(Recording.ofText("What is 2 + 2?", "m", r));
        for (String r : List.of("Answer: Paris", "Answer: Paris", "Answer: Paris"))
            rec.add(Recording.ofText("Name the capital of France.", "m", r));
        return rec;
    }

    Path tasks() throws IOException {
        return Files.writeString(dir.resolve("tasks.jsonl"),
                "{\"prompt\": \"What is 2 + 2?\", \"reference\": \"4\"}\n\n{\"prompt\": \"Name the capital of France.\", \"reference\": \"paris\"}\n");
    }

    @Test
    void parallelWithReferenceScorer_reportsMetricsAndCalls_json() throws IOException {
        try (ReplayServer server = ReplayServer.start(recordings())) {
            CliRun r = run("llm", "coordinate", "--url", server.baseUrl().toString(), "--model", "m", "--agents", "3", "--repeats", "4",
                    "--baseline-samples", "1", "--reference-scorer", "--json", "--progress", "plain", tasks().toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("coordination runs");
            JsonNode out = JSON.readTree(r.out());
            assertThat(out.path("strategy").asText()).isEqualTo("parallel");
            JsonNode t1 = out.path("tasks").get(0);
            // team 4,4,5 -> 4 (quality 1); the one baseline (slot 0) samples 5,5,4 -> 5 (quality 0), reused by all 4 repeats
            assertThat(t1.path("runs").get(0).path("quality").asDouble()).isEqualTo(1.0);
            assertThat(t1.path("mean_baseline_quality").asDouble()).isZero();
            assertThat(t1.path("gamma").path("mean").isNull()).isTrue();
            assertThat(t1.path("gamma").path("undefined").asInt()).isEqualTo(4);
            assertThat(t1.path("consensus").path("mean").asDouble()).isBetween(0.0, 1.0);
            JsonNode t2 = out.path("tasks").get(1);
            assertThat(t2.path("gamma").path("mean").asDouble()).isEqualTo(1.0);
            assertThat(t2.path("consensus").path("mean").asDouble()).isEqualTo(1.0);
            assertThat(t2.path("omega").path("mean").asDouble()).isZero();
            JsonNode calls = out.path("overall").path("calls");
            assertThat(calls.path("coordinated").asLong()).isEqualTo(2 * 4 * 3);
            assertThat(calls.path("baseline").asLong()).isEqualTo(2 * 3);
            assertThat(calls.path("baseline_saved").asLong()).isEqualTo(2 * 3 * 3);
            assertThat(server.requests()).hasSize(2 * 4 * 3 + 2 * 3);
        }
    }

    @Test
    void table_namesEveryFigure() throws IOException {
        try (ReplayServer server = ReplayServer.start(recordings())) {
            CliRun r = run("llm", "coordinate", "--url", server.baseUrl().toString(), "--model", "m", "--repeats", "2", "--reference-scorer",
                    "--progress", "none", tasks().toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.outLines().get(0)).contains("gamma [95% CI]", "omega [95% CI]", "consensus [95% CI]", "calls", "saved");
            assertThat(r.out()).contains("overall (2 tasks, parallel vs self-consistency baseline)", "model calls: coordinated 12, solo (omega only) 0, baseline 12",
                    "judge calls 0");
        }
    }

    /** The judge's rating prompt for an answer to a task without a reference (the library's wording). */
    static String ratingPrompt(String task, String answer) {
        return "Question:\n" + task + "\n\nAnswer to grade:\n" + answer + "\n\nGrade the answer from 0 (wrong or useless) to 10 (correct, complete and"
                + " clear). Reply with JSON only: {\"score\": 0..10}";
    }

    @Test
    void judgeModel_ratesEveryAnswerOnOneScale_gammaAndOmegaFromKnownRatings() throws IOException {
        String task = "Name the capital of France.";
        List<Recording> rec = new ArrayList<>();
        for (String r : List.of("Answer: Paris", "Answer: Paris", "Answer: Lyon", /* baseline */ "Answer: Lyon", "Answer: Lyon", "Answer: Paris"))
            rec.add(Recording.ofText(task, "m", r));
        rec.add(Recording.ofText(ratingPrompt(task, "Answer: Paris"), "j", "{\"score\": 9}"));
        rec.add(Recording.ofText(ratingPrompt(task, "Answer: Lyon"), "j", "{\"score\": 3}"));
        Path tasks = Files.writeString(dir.resolve("judged.jsonl"), "{\"prompt\": \"" + task + "\"}\n");
        try (ReplayServer server = ReplayServer.start(rec)) {
            CliRun r = run("llm", "coordinate", "--url", server.baseUrl().toString(), "--model", "m", "--judge-model", "j", "--repeats", "1",
                    "--json", "--progress", "none", tasks.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode t = JSON.readTree(r.out()).path("tasks").get(0);
            JsonNode run = t.path("runs").get(0);
            // the team's vote (Paris) rated 9, the baseline's vote (Lyon) 3, the agents alone 9, 9 and 3 in some order
            assertThat(run.path("quality").asDouble()).isEqualTo(0.9);
            assertThat(run.path("baseline_quality").asDouble()).isEqualTo(0.3);
            List<Double> single = new ArrayList<>();
            run.path("single_agents").forEach(a -> single.add(a.path("quality").asDouble()));
            assertThat(single).containsExactlyInAnyOrder(0.9, 0.9, 0.3);
            assertThat(t.path("gamma").path("mean").asDouble()).isCloseTo(3.0, within(1e-12));
            assertThat(t.path("omega").path("mean").asDouble()).isZero();
            JsonNode calls = t.path("calls");
            assertThat(calls.path("coordinated").asLong()).isEqualTo(3);
            assertThat(calls.path("baseline").asLong()).isEqualTo(3);
            assertThat(calls.path("solo").asLong()).isZero();
            assertThat(calls.path("judge").asLong()).isEqualTo(2); // two distinct answers, each rated once
            assertThat(server.requests()).hasSize(3 + 3 + 2);
        }
    }

    @Test
    void sequential_asksTheOtherAgentsAlone_andCountsThoseCallsApart() throws IOException {
        String task = "What is 2 + 2?";
        List<Recording> rec = new ArrayList<>(List.of(Recording.ofText(task, "m", "Answer: 4"), Recording.ofText(task + "\n\nA previous agent answered:\n"
                + "Answer: 4\n\nCheck this answer, correct any mistake and improve it. End your reply with a last line of the form 'Answer: <final answer>'.",
                "m", "Answer: 4")));
        Path tasks = Files.writeString(dir.resolve("seq.jsonl"), "{\"prompt\": \"" + task + "\", \"reference\": \"4\"}\n");
        try (ReplayServer server = ReplayServer.start(rec)) {
            CliRun r = run("llm", "coordinate", "--url", server.baseUrl().toString(), "--model", "m", "--strategy", "sequential", "--agents", "3",
                    "--repeats", "2", "--baseline-samples", "2", "--reference-scorer", "--progress", "none", tasks.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("model calls: coordinated 6, solo (omega only) 4, baseline 6");
            assertThat(server.requests()).hasSize(6 + 4 + 6);
        }
    }

    @Test
    void badUsage_isOneLineAndExit2() throws IOException {
        Path noRef = Files.writeString(dir.resolve("noref.jsonl"), "{\"prompt\": \"What is 2 + 2?\"}\n");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"x\", \"answer\": \"y\"}\n");
        String url = "http://127.0.0.1:9/v1";
        for (String[] args : List.of(
                new String[] {"--url", url, "--model", "m", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", "--reference-scorer", bad.toString()},
                new String[] {"--url", url, "--model", "m", "--strategy", "star", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", "--agents", "1", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", "--rounds", "3", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", "--baseline", "best-of-n", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", "--judge-model", "j", "--reference-scorer", noRef.toString()},
                new String[] {"--url", url, "--model", "m", noRef.toString()},
                new String[] {"--url", "ftp://x", "--model", "m", "--judge-model", "j", noRef.toString()})) {
            List<String> all = new ArrayList<>(List.of("llm", "coordinate"));
            all.addAll(List.of(args));
            CliRun r = run(all.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", args) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("assay: "));
        }
    }

    @Test
    void anEndpointWithoutTheRecording_failsWithOneLine() throws IOException {
        try (ReplayServer server = ReplayServer.start(List.of())) {
            CliRun r = run("llm", "coordinate", "--url", server.baseUrl().toString(), "--model", "m", "--reference-scorer", "--progress", "none",
                    tasks().toString());
            assertThat(r.exitCode()).isEqualTo(70);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains("404").doesNotContain("Exception");
        }
    }
}
