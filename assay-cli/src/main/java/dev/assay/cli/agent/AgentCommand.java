package dev.assay.cli.agent;

import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay agent ...}: allow, deny or escalate the actions an LLM agent proposes. */
@Command(name = "agent", description = "The agent action guard: decide ALLOW, DENY or ESCALATE for the actions an LLM agent proposes, and evaluate it on labelled sets.",
        subcommands = {CheckCommand.class, EvalCommand.class, LearnCommand.class, ApprovalsCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  echo '{\"kind\": \"shell\", \"command\": \"cat /etc/shadow\"}' | assay agent check",
                "  assay agent eval --format secbash commands.json",
                "  assay agent learn --format rjudge --data guard-data labelled.json",
                "  assay agent approvals list",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  1   DENY (check)",
                "  2   no subcommand, or bad usage or input",
                "  3   ESCALATE (check)",
                ExitCodes.HELP_INTERNAL})
public final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
