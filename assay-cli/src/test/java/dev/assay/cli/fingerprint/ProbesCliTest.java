package dev.assay.cli.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.fingerprint.probe.ProbeSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesCliTest {
    @TempDir
    Path dir;

    CliRun assay(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    /** Model {@code model}'s answers to p0..p7 (twice each); {@code odd} answers p3 in its own way. */
    Path log(String model, boolean odd) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 8; i++) {
                String text = odd && i == 3 ? "NOPE. Not doing that, variant " + r : "The result of task " + i + " is ready, variant " + r + ".";
                lines.add(json.writeValueAsString(Map.of("model", model, "prompt_id", "p" + i, "prompt", "Please do task number " + i, "response", text)));
            }
        }
        Path p = dir.resolve(model + ".jsonl");
        Files.write(p, lines);
        return p;
    }

    Path probes() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) lines.add("{\"prompt_id\": \"p" + i + "\", \"prompt\": \"Please do task number " + i + "\"}");
        return Files.write(dir.resolve("probes.jsonl"), lines);
    }

    @Test
    void informationGainPutsTheProbeThatTellsTheModelsApartFirst() throws IOException {
        Path a = log("a", false);
        Path b = log("b", true);
        Path from = probes();
        Path out = dir.resolve("chosen.jsonl");
        CliRun r = assay("fingerprint", "probes", "--from", from.toString(), "--reference", a.toString(), "--reference", b.toString(),
                "--strategy", "information-gain", "--count", "3", "--out", out.toString(), "--dim", "1024", "--progress", "none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ProbeSet chosen = ProbeSet.read(out);
        assertThat(chosen.ids()).hasSize(3).first().isEqualTo("p3");
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines.get(0)).contains("p3");
        assertThat(lines.get(lines.size() - 1)).isEqualTo(chosen.id());

        CliRun v = assay("fingerprint", "probes", "--from", from.toString(), "--strategy", "random", "--count", "2", "--variants", "json,typos",
                "--out", out.toString());
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(ProbeSet.read(out).ids()).hasSize(6).anyMatch(id -> id.endsWith("~json")).anyMatch(id -> id.endsWith("~typos.1"));
        CliRun all = assay("fingerprint", "probes", "--from", from.toString(), "--out", out.toString());
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(ProbeSet.read(out).size()).isEqualTo(8);
    }

    @Test
    void badRequestsExitTwoWithOneLine() throws IOException {
        Path a = log("a", false);
        Path out = dir.resolve("chosen.jsonl");
        for (List<String> args : List.of(
                List.of("--strategy", "information-gain", "--reference", a.toString()),
                List.of("--strategy", "uncertainty"),
                List.of("--strategy", "random", "--reference", a.toString()),
                List.of("--strategy", "best"),
                List.of("--count", "9"),
                List.of("--from", a.toString()),
                List.of("--variants", "rot13"))) {
            List<String> all = new ArrayList<>(List.of("fingerprint", "probes", "--from", probes().toString(), "--out", out.toString()));
            all.addAll(args);
            CliRun r = assay(all.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(args.toString()).hasSize(1).allMatch(l -> l.startsWith("assay: "));
        }
        assertThat(Files.exists(out)).isFalse();
    }
}
