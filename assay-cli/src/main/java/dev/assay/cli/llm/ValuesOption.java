package dev.assay.cli.llm;

import dev.assay.core.InvalidInputException;
import dev.assay.llm.score.ScoreInputs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --values auto|logprobs}: how the commands that read Mu-SHROOM records take their model_output_logits. */
final class ValuesOption {
    @Option(names = "--values", paramLabel = "auto|logprobs", defaultValue = "auto",
            description = "How Mu-SHROOM model_output_logits are read: auto (as log-probabilities only when plausible, else refused as"
                    + " raw logits) or logprobs (they are log-probabilities)")
    String values;

    /** The parsed value; an unknown one is a usage error of {@code spec}'s command naming the option. */
    ScoreInputs.Values parse(CommandSpec spec) {
        try {
            return ScoreInputs.Values.parse(values, "--values");
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
