package dev.assay.cli.agent;

import dev.assay.agent.policy.Policy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --policy FILE}: the guard policy; the built-in defaults without it. */
public final class PolicyOption {
    @Option(names = "--policy", paramLabel = "POLICY.yaml",
            description = "Guard policy (YAML or JSON: tools, files, programs, http, maxArgumentBytes); without it nothing is listed and paths are relative to the current directory")
    Path policy;

    Policy load() {
        return policy == null ? Policy.defaults() : Policy.load(policy);
    }
}
