package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} of every command in picocli's tree (so a new command cannot forget its help): exit 0,
 * nothing on stderr, every option named with its default, an example and the exit codes of its own.
 */
class HelpCliTest {
    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void env() {
        env = Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString());
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        all.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) if (!all.contains(sub)) collect(sub, all);
    }

    private static List<String> path(CommandSpec spec) {
        List<String> names = new ArrayList<>(Arrays.asList(spec.qualifiedName(" ").split(" ")));
        names.remove(0);
        return names;
    }

    @Test
    void everyCommandsHelpNamesItsOptionsDefaultsAnExampleAndItsExitCodes() {
        List<CommandLine> all = new ArrayList<>();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        collect(Main.commandLine(new CliContext(env, nowhere, nowhere, Clock.systemUTC(), server -> {})), all);
        assertThat(all).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("assay", "assay serve", "assay demo", "assay ledger verify", "assay models deploy", "assay rank sustain",
                        "assay tokens revoke", "assay help", "assay completion");
        String[] rootFooter = all.get(0).getCommandSpec().usageMessage().footer();
        SoftAssertions soft = new SoftAssertions();
        for (CommandLine cl : all) {
            CommandSpec spec = cl.getCommandSpec();
            String name = spec.qualifiedName();
            List<String> args = new ArrayList<>(path(spec));
            args.add("--help");
            CliRun r = CliRun.run(env, args.toArray(String[]::new));
            soft.assertThat(r.exitCode()).as(name + " --help exit").isZero();
            soft.assertThat(r.err()).as(name + " --help stderr").isEmpty();
            soft.assertThat(spec.usageMessage().description()).as(name + " description").isNotEmpty();
            soft.assertThat(r.out()).as(name + " --help").contains("Example:").contains("Exit codes:").contains("  0   ");
            if (cl != all.get(0))
                soft.assertThat(spec.usageMessage().footer()).as(name + " has a footer of its own").isNotEqualTo(rootFooter);
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) continue;
                // picocli formats the annotation's description: a bare '%' makes it print a warning on stderr
                if (o.userObject() instanceof java.lang.reflect.AnnotatedElement e && e.getAnnotation(CommandLine.Option.class) != null)
                    for (String line : e.getAnnotation(CommandLine.Option.class).description())
                        soft.assertThatCode(() -> String.format(line)).as(name + " " + o.longestName() + " description formats")
                                .doesNotThrowAnyException();
                soft.assertThat(r.out()).as(name + " --help names " + o.longestName()).contains(o.longestName());
                if (o.defaultValue() != null && !o.defaultValue().isEmpty())
                    soft.assertThat(r.out()).as(name + " --help shows the default of " + o.longestName())
                            .contains("Default: " + o.defaultValue());
                soft.assertThat(r.out()).as(name + " --help doubles the default of " + o.longestName())
                        .doesNotContainPattern("(?i)\\(default:? " + Pattern.quote(String.valueOf(o.defaultValue())) + "[;)]");
            }
            if (!path(spec).isEmpty()) {
                List<String> helpArgs = new ArrayList<>(List.of("help"));
                helpArgs.addAll(path(spec));
                CliRun viaHelp = CliRun.run(env, helpArgs.toArray(String[]::new));
                soft.assertThat(viaHelp.exitCode()).as("assay help " + name).isZero();
                soft.assertThat(viaHelp.out()).as("assay help " + name).isEqualTo(r.out());
            }
            List<String> shortArgs = new ArrayList<>(path(spec));
            shortArgs.add("-h");
            CliRun dashH = CliRun.run(env, shortArgs.toArray(String[]::new));
            soft.assertThat(dashH.exitCode()).as(name + " -h").isZero();
            soft.assertThat(dashH.out()).as(name + " -h").isEqualTo(r.out());
        }
        soft.assertAll();
    }

    @Test
    void assayAlonePrintsTheUsageAndExits0() {
        CliRun r = CliRun.run(env);
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: assay").contains("rank").contains("completion").contains("Exit codes:")
                .isEqualTo(CliRun.run(env, "--help").out());
    }

    @Test
    void helpNamesACommandPath() {
        CliRun r = CliRun.run(env, "help", "rank", "eval");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: assay rank eval").contains("-m=MEASURE").isEqualTo(CliRun.run(env, "rank", "eval", "--help").out());
        assertThat(CliRun.run(env, "help").out()).isEqualTo(CliRun.run(env, "--help").out());
    }

    @Test
    void helpOnAnUnknownCommandExits2NamingIt() {
        CliRun r = CliRun.run(env, "help", "rank", "nope");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().startsWith("assay: ").contains("'nope'");
        assertThat(r.out()).isEmpty();
        CliRun option = CliRun.run(env, "help", "--bogus");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.errLines()).singleElement().asString().startsWith("assay: ").contains("--bogus");
    }

    @Test
    void theCommandListShowsEachSubcommandsFirstSentence() {
        List<CommandLine> all = new ArrayList<>();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        collect(Main.commandLine(new CliContext(env, nowhere, nowhere, Clock.systemUTC(), server -> {})), all);
        SoftAssertions soft = new SoftAssertions();
        for (CommandLine cl : all) {
            String summary = HelpLayout.summary(cl.getCommandSpec());
            soft.assertThat(summary).as(cl.getCommandSpec().qualifiedName() + " summary").isNotBlank().matches("(?s).*[.?!]")
                    .doesNotContain("  ");
        }
        soft.assertAll();
        // a description written over several lines is listed as its first sentence, asides left out when it is long
        CliRun llm = CliRun.run(env, "llm", "--help");
        assertThat(llm.out()).contains("  spans        Predict the hallucinated character spans of every record of FILE\n"
                + "                 and write one line per record.\n");
        assertThat(llm.out()).contains("  monitor      Define, list and stop token drift monitors.\n");
        assertThat(llm.out()).doesNotContain("model_output_tokens");
        // a short lead before a colon keeps what follows it
        assertThat(CliRun.run(env, "--help").out()).contains("  agent        The agent action guard: decide ALLOW, DENY or ESCALATE");
        // a question stays a question
        assertThat(CliRun.run(env, "fingerprint", "--help").out()).contains("  identify  Which reference model produced the candidate's responses?\n");
        // the command's own help still gives its whole description, its source lines joined into one wrapped paragraph
        assertThat(CliRun.run(env, "llm", "spans", "--help").out())
                .contains("Predict the hallucinated character spans of every record of FILE (Mu-SHROOM\n"
                        + "jsonl: model_output_text, model_output_tokens, model_output_logits; labels\n");
    }

    @Test
    void descriptionLinesBecomeParagraphs() {
        assertThat(HelpLayout.paragraphs(new String[] {"One sentence written", "over two lines.", "", "A second paragraph.",
                "  an indented line", "and more."}))
                .containsExactly("One sentence written over two lines.", "", "A second paragraph.", "  an indented line", "and more.");
    }

    @Test
    void completionPrintsABashScriptCompletingTheSubcommands() {
        CliRun r = CliRun.run(env, "completion");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_assay")
                .contains("ledger").contains("verify").contains("sustain").contains("--data-dir");
    }
}
