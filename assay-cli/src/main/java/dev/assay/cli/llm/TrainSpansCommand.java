package dev.assay.cli.llm;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.llm.eval.Evaluation;
import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.spans.SpanDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code assay llm train-spans FILE... --out WEIGHTS.json}: fit the span model on labelled Mu-SHROOM files. */
@Command(name = "train-spans", description = {"Fit the learned span detector (logistic regression on token features, hard threshold chosen for",
        "mean IoU) on every record of the labelled Mu-SHROOM files and write its weights as JSON; training is deterministic.",
        "With --report, first print the per-language table: mark-all, mark-nothing, score-only, the learned detector under",
        "cross-validation (folds by item) and leave-one-language-out."},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm train-spans ../shared/data/llm/mushroom-val/*.jsonl --out span-model.json --report",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class TrainSpansCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mushroom", description = "The input format; mushroom (Mu-SHROOM jsonl) is the one known")
    String format;

    @Parameters(index = "0", arity = "1..*", paramLabel = "MUSHROOM.jsonl", description = "Labelled records (hard_labels and soft_labels)")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "WEIGHTS.json", description = "Where to write the weights")
    Path out;

    @Option(names = "--report", description = "Print the per-language evaluation table before training on everything")
    boolean report;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "" + Evaluation.DEFAULT_FOLDS, description = "Cross-validation folds of --report")
    int folds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        SpansCommand.requireMushroom(format, spec);
        if (folds < 2) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--folds must be at least 2, but was " + folds);
        OutputFile.check(out, "--out");
        List<MushroomRecord> records = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            records.addAll(Mushroom.read(f));
            names.add(String.valueOf(f.getFileName()));
        }
        for (MushroomRecord r : records) {
            if (!r.labelled()) throw new dev.assay.core.InvalidInputException(r.where() + ": training needs hard_labels and soft_labels");
        }
        if (report && records.size() < folds) {
            throw new dev.assay.core.InvalidInputException("--report needs at least " + folds + " records for " + folds + " folds, but the files hold " + records.size());
        }
        PrintWriter o = ctx.out();
        if (report) {
            o.print(Evaluation.table(Evaluation.run(records, folds, Evaluation.DEFAULT_SEED)));
            o.flush();
        }
        SpanDetector d = SpanDetector.train(records);
        OutputFile.write(out, "--out", d.toJson(records.size() + " records of " + String.join(", ", names)).getBytes(StandardCharsets.UTF_8));
        o.printf(Locale.ROOT, "trained on %d records of %d files (hard threshold %.3f); weights written to %s%n", records.size(), files.size(),
                d.threshold(), out);
        o.flush();
        return ExitCodes.OK;
    }
}
