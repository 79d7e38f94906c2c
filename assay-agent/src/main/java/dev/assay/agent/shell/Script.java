package dev.assay.agent.shell;

import java.util.List;

/** A list of pipelines, each with the operator that follows it ({@code ;}, {@code &&}, {@code ||}, {@code &} or none). */
public record Script(List<Pipeline> pipelines) {
    public Script {
        pipelines = List.copyOf(pipelines);
    }

    /** A pipeline of commands, optionally negated by {@code !}, and the operator after it ("" at the end). */
    public record Pipeline(List<Command> commands, boolean negated, String then) {
        public Pipeline {
            commands = List.copyOf(commands);
        }
    }
}
