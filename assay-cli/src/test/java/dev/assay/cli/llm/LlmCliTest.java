package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliContext;
import dev.assay.cli.CliRun;
import dev.assay.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

public class LlmCliTest {
    /** A Mu-SHROOM record with labels; the tokens end in a special token that is not in the text. */
    public static final String RECORD = "{\"id\": \"val-en-x\", \"lang\": \"EN\", \"model_input\": \"Who won?\","
            + " \"model_output_text\": \"Petra won silver in 2008.\", \"model_id\": \"m\","
            + " \"model_output_tokens\": [\"Pet\", \"ra\", \"\\u0120won\", \"\\u0120silver\", \"\\u0120in\", \"\\u0120\", \"200\", \"8\", \".\", \"<|endoftext|>\"],"
            + " \"model_output_logits\": [-2.0, -1.0, -0.5, -5.0, -0.2, -0.1, -4.0, -3.0, -0.1, -0.2],"
            + " \"soft_labels\": [{\"start\": 10, \"end\": 16, \"prob\": 0.8}], \"hard_labels\": [[10, 16]]}";

    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    @Test
    void spansWritesOneLineWithExactlyTheTaskKeysPerRecord() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), RECORD + "\n" + RECORD.replace("val-en-x", "val-en-y") + "\n");
        CliRun r = run("llm", "spans", "--format", "mushroom", in.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(2);
        JsonNode j = new ObjectMapper().readTree(r.outLines().get(0));
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "hard_labels", "soft_labels");
        assertThat(j.get("id").asText()).isEqualTo("val-en-x");
        for (JsonNode h : j.get("hard_labels")) {
            assertThat(h.size()).isEqualTo(2);
            assertThat(h.get(0).asInt()).isLessThan(h.get(1).asInt());
        }
        assertThat(j.get("soft_labels").size()).isPositive();
        for (JsonNode s : j.get("soft_labels")) {
            List<String> sk = new ArrayList<>();
            s.fieldNames().forEachRemaining(sk::add);
            assertThat(sk).containsExactly("start", "end", "prob");
            assertThat(s.get("end").asInt()).isLessThanOrEqualTo(25);
        }

        Path out = dir.resolve("pred.jsonl");
        CliRun toFile = run("llm", "spans", in.toString(), "--out", out.toString(), "--score-only");
        assertThat(toFile.exitCode()).as(toFile.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(2);

        CliRun eval = run("llm", "spans", "--eval", in.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("mark-all", "mark-nothing", "learned", "2 records");
    }

    @Test
    void trainSpansWritesWeightsThatSpansReads() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) b.append(RECORD.replace("val-en-x", "val-en-" + i)).append('\n');
        Path in = Files.writeString(dir.resolve("train.jsonl"), b);
        Path w = dir.resolve("w.json");
        CliRun t = run("llm", "train-spans", in.toString(), "--out", w.toString(), "--report", "--folds", "3");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).contains("learned (CV)", "trained on 6 records");
        CliRun r = run("llm", "spans", in.toString(), "--model", w.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(6);
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path unlabelled = Files.writeString(dir.resolve("u.jsonl"), RECORD.replaceAll(", \"soft_labels\".*}$", "}") + "\n");
        CliRun r = run("llm", "spans", "--eval", unlabelled.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("assay: " + unlabelled + ":1: --eval needs hard_labels and soft_labels");
        CliRun f = run("llm", "spans", "--format", "csv", unlabelled.toString());
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.errLines().get(0)).contains("--format must be mushroom");
    }

    @Test
    void anOutputPathThatCannotBeWritten_isOneLineNamingIt_exit2_beforeAnyWork() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), RECORD + "\n");
        Path refs = dir.resolve("refs.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) lines.append(RECORD.replace("[-2.0, -1.0", "[-" + (1 + i / 10.0) + ", -1.0")).append('\n');
        Files.writeString(refs, lines);
        Path missing = dir.resolve("no-such-dir").resolve("x.jsonl");
        Path notADir = in.resolve("x.jsonl");
        for (String[] args : List.of(
                new String[] {"llm", "spans", in.toString(), "--out", missing.toString()},
                new String[] {"llm", "spans", in.toString(), "--out", dir.toString()},
                new String[] {"llm", "spans", in.toString(), "--out", notADir.toString()},
                new String[] {"llm", "train-spans", in.toString(), "--out", missing.toString()},
                new String[] {"llm", "score", in.toString(), "--calibrate", refs.toString(), "--save-calibration", missing.toString()})) {
            CliRun r = run(args);
            String shown = String.join(" ", args);
            assertThat(r.exitCode()).as(shown + " -> " + r.err()).isEqualTo(2);
            assertThat(r.errLines()).as(shown).singleElement().asString().startsWith("assay: cannot write ")
                    .contains(args[args.length - 1]).doesNotContain("Exception", "internal error");
            assertThat(r.out()).as(shown).isEmpty();
        }
        assertThat(run("llm", "spans", in.toString(), "--out", missing.toString()).err())
                .contains("the directory " + missing.getParent() + " does not exist");
        assertThat(run("llm", "spans", in.toString(), "--out", dir.toString()).err()).contains("it is a directory");
    }

    @Test
    void aMushroomFileStartingWithAByteOrderMark_isRead() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.jsonl"), RECORD + "\n");
        Path bom = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF" + RECORD + "\n");
        CliRun a = run("llm", "spans", plain.toString());
        CliRun b = run("llm", "spans", bom.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(b.out()).isEqualTo(a.out()).contains("val-en-x");
    }

    @Test
    void everyLlmCommandsHelpText_formatsWithoutError() {
        // picocli formats the command's help lines with String.format and warns (on the process's stderr) when one fails, e.g. on a lone '%'
        // (the options' descriptions come back from the model already formatted)
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine llm = Main.commandLine(new CliContext(Map.of(), nowhere, nowhere, Clock.systemUTC(), server -> {})).getSubcommands().get("llm");
        List<CommandSpec> specs = new ArrayList<>(List.of(llm.getCommandSpec()));
        llm.getSubcommands().values().forEach(c -> specs.add(c.getCommandSpec()));
        assertThat(specs).extracting(CommandSpec::name).contains("spans", "train-spans", "score", "coordinate", "ask");
        for (CommandSpec spec : specs) {
            List<String> lines = new ArrayList<>();
            lines.addAll(List.of(spec.usageMessage().description()));
            lines.addAll(List.of(spec.usageMessage().header()));
            lines.addAll(List.of(spec.usageMessage().footer()));
            for (String line : lines)
                assertThatCode(() -> String.format(Locale.ROOT, line)).as(spec.qualifiedName() + ": " + line).doesNotThrowAnyException();
        }
    }
}
