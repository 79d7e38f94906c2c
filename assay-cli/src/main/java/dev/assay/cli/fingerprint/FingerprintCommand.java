package dev.assay.cli.fingerprint;

import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint ...}: behavioural fingerprints of models from their responses. */
@Command(name = "fingerprint", description = "Behavioural fingerprints of models: build signatures from responses, verify, identify, merge, check drift, export for edge devices, choose probes.",
        subcommands = {BuildCommand.class, VerifyCommand.class, IdentifyCommand.class, MergeCommand.class, DriftCommand.class,
                ExportCommand.class, ImportCommand.class, ProbesCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint build responses.jsonl --out model.asfp",
                "  assay fingerprint verify --reference model.asfp --candidate today.jsonl",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  1   DIFFERENT (verify), none (identify), drift (drift)",
                "  2   no subcommand, or bad usage or input",
                "  3   UNDECIDED (verify)",
                ExitCodes.HELP_INTERNAL})
public final class FingerprintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
