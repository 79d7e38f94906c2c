package dev.assay.cli.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.llm.eval.Evaluation;
import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import dev.assay.llm.spans.Prediction;
import dev.assay.llm.spans.SpanDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay llm spans [--format mushroom] FILE [--out PRED.jsonl] [--eval]}: hallucination spans per record. */
@Command(name = "spans", description = {"Predict the hallucinated character spans of every record of FILE (Mu-SHROOM jsonl: model_output_text,",
        "model_output_tokens, model_output_logits; labels optional) and write one line per record:",
        "{\"id\", \"hard_labels\": [[start, end], ...], \"soft_labels\": [{\"start\", \"end\", \"prob\"}, ...]}, offsets in code points.",
        "The detector is the learned one shipped with Assay (trained by 'assay llm train-spans' on the Mu-SHROOM validation set)",
        "unless --model or --score-only says otherwise. --eval scores the predictions against the file's labels with the task's",
        "metrics (mean IoU of hard labels, mean Spearman correlation of soft labels), next to the mark-all and mark-nothing baselines."},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm spans --format mushroom outputs.jsonl --out predictions.jsonl",
                "  assay llm spans --eval ../shared/data/llm/mushroom-val/mushroom.sv-val.v2.extra.jsonl",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class SpansCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mushroom", description = "The input format; mushroom (Mu-SHROOM jsonl) is the one known")
    String format;

    @Parameters(index = "0", paramLabel = "MUSHROOM.jsonl", description = "The records")
    Path file;

    @Option(names = "--out", paramLabel = "PRED.jsonl", description = "Write the predictions here instead of standard output")
    Path out;

    @Option(names = "--model", paramLabel = "WEIGHTS.json", description = "A span model written by 'assay llm train-spans' instead of the shipped one")
    Path model;

    @Option(names = "--score-only", description = "Use the token scores alone (no learned weights)")
    boolean scoreOnly;

    @Option(names = "--eval", description = "Print the task's metrics against the file's labels instead of the predictions (which still go to --out when given)")
    boolean eval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        requireMushroom(format, spec);
        if (scoreOnly && model != null) throw new ParameterException(spec.commandLine(), "--score-only and --model exclude each other");
        if (out != null) OutputFile.check(out, "--out");
        SpanDetector detector = scoreOnly ? SpanDetector.scoreOnly() : model != null ? SpanDetector.read(model) : SpanDetector.shipped();
        List<MushroomRecord> records = Mushroom.read(file);
        if (eval) {
            for (MushroomRecord r : records) if (!r.labelled()) throw new InvalidInputException(r.where() + ": --eval needs hard_labels and soft_labels");
        }
        List<Prediction> predictions = records.stream().map(detector::predict).toList();
        StringBuilder lines = new StringBuilder();
        for (Prediction p : predictions) lines.append(line(p)).append('\n');
        PrintWriter o = ctx.out();
        if (out != null) OutputFile.write(out, "--out", lines.toString().getBytes(StandardCharsets.UTF_8));
        if (eval) {
            Evaluation.Score all = Evaluation.score(records, records.stream().map(Evaluation::markAll).toList());
            Evaluation.Score none = Evaluation.score(records, records.stream().map(Evaluation::markNothing).toList());
            Evaluation.Score mine = Evaluation.score(records, predictions);
            long aligned = predictions.stream().mapToLong(Prediction::alignedChars).sum();
            long length = predictions.stream().mapToLong(Prediction::length).sum();
            o.printf(Locale.ROOT, "%d records, %d of %d characters placed under a token%n", records.size(), aligned, length);
            o.printf(Locale.ROOT, "%-12s  %-6s  %-6s%n", "method", "IoU", "cor");
            o.printf(Locale.ROOT, "%-12s  %.4f  %.4f%n", "mark-all", all.iou(), all.correlation());
            o.printf(Locale.ROOT, "%-12s  %.4f  %.4f%n", "mark-nothing", none.iou(), none.correlation());
            o.printf(Locale.ROOT, "%-12s  %.4f  %.4f%n", scoreOnly ? "score-only" : "learned", mine.iou(), mine.correlation());
        } else if (out == null) {
            o.print(lines);
        } else {
            o.printf(Locale.ROOT, "%d records written to %s%n", records.size(), out);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /** One output line: {@code {"id", "hard_labels", "soft_labels"}}. */
    static String line(Prediction p) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", p.id());
        ArrayNode hard = n.putArray("hard_labels");
        for (Span s : p.hardLabels()) hard.addArray().add(s.start()).add(s.end());
        ArrayNode soft = n.putArray("soft_labels");
        for (SoftSpan s : p.softLabels()) {
            ObjectNode o = soft.addObject();
            o.put("start", s.start());
            o.put("end", s.end());
            o.put("prob", s.prob());
        }
        return JSON.writeValueAsString(n);
    }

    static void requireMushroom(String format, CommandSpec spec) {
        if (!format.toLowerCase(Locale.ROOT).equals("mushroom"))
            throw new ParameterException(spec.commandLine(), "--format must be mushroom, but was '" + format + "'");
    }
}
