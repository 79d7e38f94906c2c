package dev.assay.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.agent.command.Decision;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.guard.Verdict;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay agent check [--json] [FILE]}: the guard's decision on one proposed action. */
@Command(name = "check", description = {"Decide one proposed action: ALLOW, DENY or ESCALATE (to a person), with the findings behind it.",
        "The action is JSON from FILE or standard input: Assay's form ({\"kind\": \"shell\", \"command\": ...}, file_read, file_write,",
        "file_delete with \"path\", http with \"url\", tool with \"tool\" and \"arguments\"), an OpenAI tool_calls entry, or an MCP tools/call request.",
        "The first line of standard output is the decision. When the data directory holds a learned memory (assay agent learn), the",
        "learned layer judges the action with its context after the rules (unless --rules-only)."},
        footer = {ExitCodes.EXAMPLE,
                "  echo '{\"type\": \"function\", \"function\": {\"name\": \"bash\", \"arguments\": \"{\\\"command\\\": \\\"ls -la\\\"}\"}}' | assay agent check",
                "  assay agent check --json --policy policy.yaml action.json",
                ExitCodes.HELP,
                "  0   ALLOW",
                "  1   DENY",
                ExitCodes.HELP_USAGE,
                "  3   ESCALATE: a person should decide",
                ExitCodes.HELP_INTERNAL})
public final class CheckCommand implements Callable<Integer> {
    /** Most bytes read from the file or standard input. */
    static final int MAX_INPUT = ActionDecoder.MAX_BYTES + 1;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION.json", description = "The action; standard input when absent or -")
    Path file;

    @Option(names = "--json", description = "Print the verdict as JSON (decision, kind, tool, target, findings)")
    boolean json;

    @Option(names = "--rules-only", description = "Leave the learned layer out even when the data directory has a learned memory")
    boolean rulesOnly;

    @Mixin
    PolicyOption policy;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        Action action = ActionDecoder.decode(read(file));
        Guard guard = new Guard(policy.load(), rulesOnly ? null : AgentMemories.openIfPresent(config.load(ctx).dataDir(), ctx.clock()));
        Verdict v = guard.decide(action);
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Verdicts.json(v)));
        } else {
            out.println(v.decision());
            for (String r : v.reasons()) out.println("  " + r);
            if (v.learned() != null) out.println("  learned layer: " + v.learned());
        }
        out.flush();
        return v.decision() == Decision.ALLOW ? ExitCodes.OK : v.decision() == Decision.DENY ? ExitCodes.CHECK_FAILED : ExitCodes.INCONCLUSIVE;
    }

    /** The UTF-8 text of {@code file} (standard input when null or {@code -}), at most {@link #MAX_INPUT} bytes. */
    static String read(Path file) throws IOException {
        byte[] bytes;
        String what = file == null || file.toString().equals("-") ? "standard input" : file.toString();
        if (file == null || file.toString().equals("-")) {
            InputStream in = System.in;
            bytes = in.readNBytes(MAX_INPUT);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_INPUT);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(what + " does not exist");
            }
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) throw new InvalidInputException("no action: " + what + " is empty");
        if (bytes.length >= MAX_INPUT) throw new InvalidInputException(what + " is larger than " + ActionDecoder.MAX_BYTES + " bytes");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(what + " is not UTF-8 text");
        }
    }
}
