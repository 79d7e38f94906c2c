package dev.assay.cli.llm;

import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay llm ...}: the LLM output monitor. */
@Command(name = "llm", description = "The LLM output monitor: hallucination spans and token statistics of model outputs from their per-token scores, drift monitors over them, multi-agent coordination against compute-matched baselines, and a resilient, metered model client.",
        subcommands = {SpansCommand.class, TrainSpansCommand.class, ScoreCommand.class, MonitorCommand.class, CoordinateCommand.class, AskCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm spans --format mushroom outputs.jsonl --out predictions.jsonl",
                "  assay llm spans --eval ../shared/data/llm/mushroom-val/mushroom.en-val.v2.extra.jsonl",
                "  assay llm train-spans ../shared/data/llm/mushroom-val/*.jsonl --out span-model.json",
                "  assay llm score responses.jsonl --calibrate reference.jsonl --save-calibration cal.json",
                "  assay llm monitor define gpt-4o-mini --reference reference.jsonl",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class LlmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
