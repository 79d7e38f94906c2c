package dev.assay.fingerprint.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSetTest {
    @TempDir
    Path dir;

    Path file(String text) throws IOException {
        Path f = dir.resolve("probes.jsonl");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsProbesIgnoringOtherFieldsAndWritesThemBack() throws IOException {
        ProbeSet set = ProbeSet.read(file("""
                {"prompt_id": "b", "prompt": "second", "model": "m", "response": "ignored"}

                {"prompt_id": 7, "prompt": "first"}
                """));
        assertThat(set.ids()).containsExactly("b", "7");
        Path out = dir.resolve("out.jsonl");
        set.write(out);
        assertThat(ProbeSet.read(out)).isEqualTo(set);
        assertThat(Files.readString(out)).isEqualTo("{\"prompt_id\":\"b\",\"prompt\":\"second\"}\n{\"prompt_id\":\"7\",\"prompt\":\"first\"}\n");
    }

    @Test
    void theIdIsTheProbeSetIdOfASignatureOverTheSameProbes() {
        ProbeSet set = new ProbeSet(List.of(new Probe("p2", "two"), new Probe("p1", "one"), new Probe("p10", "ten")));
        var b = Signature.builder(ProbeSelectorTest.CONFIG, "m");
        for (Probe p : set.probes()) b.add(ProbeSelectorTest.ENCODER.encode(Response.ofText("m", p.id(), p.prompt(), "answer")));
        assertThat(set.id()).isEqualTo(b.build().probeSetId());
        ProbeSet reordered = new ProbeSet(set.probes().reversed());
        assertThat(reordered.id()).isEqualTo(set.id());
        assertThat(reordered.digest()).isEqualTo(set.digest());
        ProbeSet reworded = new ProbeSet(List.of(new Probe("p2", "two!"), new Probe("p1", "one"), new Probe("p10", "ten")));
        assertThat(reworded.id()).isEqualTo(set.id());
        assertThat(reworded.digest()).isNotEqualTo(set.digest());
    }

    @Test
    void badProbeFilesAreRefusedWithFileAndLine() throws IOException {
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt_id\": \"a\", \"prompt\": \"x\"}\n{\"prompt_id\": \"a\", \"prompt\": \"y\"}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageEndingWith("probes.jsonl:2: prompt_id a appears again (first at line 1)");
        assertThatThrownBy(() -> ProbeSet.read(file("\n  \n"))).hasMessageEndingWith("probes.jsonl: no probes (a probe set needs at least one)");
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt_id\": \"a\"}\n"))).hasMessageEndingWith("probes.jsonl:1: field prompt is required");
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt\": \"a\"}\n"))).hasMessageEndingWith(":1: field prompt_id is required");
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt_id\": 1.5, \"prompt\": \"a\"}\n"))).hasMessageContaining(":1: prompt_id must be a string or an integer");
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt_id\": \"a\", \"prompt\": \"  \"}\n"))).hasMessageEndingWith(":1: probe a has a blank prompt");
        assertThatThrownBy(() -> ProbeSet.read(file("{\"prompt_id\": \"a\", \"prompt\": \"x\"}\nnot json\n"))).hasMessageContaining(":2: not valid JSON");
        assertThatThrownBy(() -> ProbeSet.read(file("[1]\n"))).hasMessageEndingWith(":1: a probe must be a JSON object");
        Path bad = dir.resolve("latin1.jsonl");
        Files.write(bad, new byte[] {'{', '"', 'p', (byte) 0xe9, '"', '}', '\n'});
        assertThatThrownBy(() -> ProbeSet.read(bad)).hasMessageEndingWith("latin1.jsonl:1: not UTF-8 text");
        assertThatThrownBy(() -> ProbeSet.read(dir.resolve("missing.jsonl"))).hasMessageContaining("does not exist");
    }

    @Test
    void emptyAndDuplicateProbeSetsAreRefused() {
        assertThatThrownBy(() -> new ProbeSet(List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one probe");
        assertThatThrownBy(() -> new ProbeSet(List.of(new Probe("a", "x"), new Probe("a", "y")))).hasMessageContaining("prompt_id a appears twice");
        assertThatThrownBy(() -> new Probe(" ", "x")).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> ProbeSet.ofResponses(List.of(Response.ofText("m", "a", "x", "r"), Response.ofText("m", "a", "y", "r")), "log"))
                .hasMessageContaining("log: prompt_id a is asked with two different prompts");
        assertThatThrownBy(() -> ProbeSet.ofResponses(List.of(Response.ofText("m", "a", null, "r")), "log")).hasMessageContaining("has no prompt");
    }
}
