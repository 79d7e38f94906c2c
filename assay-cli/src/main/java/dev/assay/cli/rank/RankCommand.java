package dev.assay.cli.rank;

import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay rank ...}: ranking evaluation, release contracts and monitoring. */
@Command(name = "rank", description = "Evaluate rankers, gate releases, monitor and roll back.",
        subcommands = {EvalCommand.class, CompareCommand.class, ContractCommand.class, MonitorCommand.class, DistillCommand.class,
                GateCommand.class, HarvestCommand.class, SustainCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay rank eval -m ndcg_cut.10 -m map qrels.txt run.txt",
                "  assay rank contract qrels.txt --production prod.run --candidate cand.run",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  1   the check failed (contract, distill, monitor, sustain: see each command)",
                "  2   no subcommand, or bad usage or input",
                "  3   inconclusive evidence (compare, contract, sustain)",
                ExitCodes.HELP_INTERNAL})
public final class RankCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
