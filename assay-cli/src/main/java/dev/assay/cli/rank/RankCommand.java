package dev.assay.cli.rank;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay rank ...}: ranking evaluation, release contracts and monitoring. */
@Command(name = "rank", description = "Evaluate rankers, gate releases, monitor and roll back.",
        subcommands = {EvalCommand.class, CompareCommand.class, ContractCommand.class, MonitorCommand.class, DistillCommand.class,
                GateCommand.class, HarvestCommand.class, SustainCommand.class})
public final class RankCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
