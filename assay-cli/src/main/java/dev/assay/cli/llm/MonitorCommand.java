package dev.assay.cli.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.document.Scalars;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.store.Store;
import dev.assay.llm.monitor.TokenMonitorDefinition;
import dev.assay.llm.monitor.TokenMonitorKind;
import dev.assay.llm.score.ScoreInputs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code assay llm monitor define|list|stop}: token drift monitors ({@code llm.tokens}) in the configured store, where
 * {@code assay serve} runs them on the responses of their model it scores or proxies (as
 * {@code POST /api/v1/llm/monitors/<model>} does).
 */
@Command(name = "monitor", description = "Define, list and stop token drift monitors: a model's responses, scored or proxied by 'assay serve',"
        + " are tested window by window against the perplexities of reference responses.",
        subcommands = {MonitorCommand.Define.class, MonitorCommand.ListMonitors.class, MonitorCommand.Stop.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm monitor define gpt-4o-mini --reference last-week.jsonl --window 10m",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: define, list or stop");
    }

    /** Runs {@code body} over the store's monitors (only {@code llm.tokens} is needed to define, list and stop them). */
    static <T> T withMonitors(AssayConfig config, CliContext ctx, Function<Monitors, T> body) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Store store = config.store().open(); AlertManager alerts = AlertManager.builder(meters).clock(ctx.clock()).build()) {
            return body.apply(Monitors.open(store, ctx.clock(), List.of(new TokenMonitorKind(alerts, meters))));
        }
    }

    /** One line describing a stored monitor. */
    static String describe(MonitorInfo m) {
        TokenMonitorDefinition d = TokenMonitorDefinition.fromJson(m.definition());
        double[] ref = d.reference();
        Arrays.sort(ref);
        double median = ref.length % 2 == 1 ? ref[ref.length / 2] : (ref[ref.length / 2 - 1] + ref[ref.length / 2]) / 2;
        JsonNode s = m.state().orElse(null);
        return String.format(Locale.ROOT, "%s  %s  window %s  alpha %s  min %d  reference %d (median perplexity %.4f)  windows %d  drifted %d  responses %d  pending %d",
                m.id(), m.status(), d.window(), d.alpha(), d.minResponses(), ref.length, median, s == null ? 0 : s.path("windows").asLong(),
                s == null ? 0 : s.path("driftWindows").asLong(), s == null ? 0 : s.path("responses").asLong(), m.pending());
    }

    /** {@code assay llm monitor define MODEL --reference REF.jsonl}. */
    @Command(name = "define", description = {"Define the token drift monitor of MODEL, the name its responses carry (a chat completion's model,",
            "a Mu-SHROOM record's model_id, or the model the proxy asks for). Its reference is the perplexity of each response of",
            "the --reference file (as 'assay llm score --calibrate' takes it: " + TokenMonitorDefinition.MIN_REFERENCE + " to "
                    + TokenMonitorDefinition.MAX_REFERENCE + " responses). Every window of the",
            "model's responses is tested against it (two-sample Kolmogorov-Smirnov), recorded in the ledger as llm.tokens.window,",
            "and a drift raises an alert."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay llm monitor define gpt-4o-mini --reference last-week.jsonl --window 10m --alpha 0.001",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    "  2   bad usage or input (a bad reference line is named by file and line), or the model already has one",
                    ExitCodes.HELP_INTERNAL})
    public static final class Define implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model whose responses the monitor watches")
        String model;

        @Option(names = "--reference", required = true, paramLabel = "RESPONSES.jsonl", description = "Reference responses, one JSON object per line")
        Path reference;

        @Mixin
        ValuesOption values;

        @Option(names = "--window", paramLabel = "DURATION", description = "Window length, 1s to 7d (default 5m)")
        String window;

        @Option(names = "--alpha", paramLabel = "A", defaultValue = "" + TokenMonitorDefinition.DEFAULT_ALPHA,
                description = "Significance level of each window's test, in (0, 0.5)")
        double alpha;

        @Option(names = "--min-responses", paramLabel = "N", defaultValue = "" + TokenMonitorDefinition.DEFAULT_MIN_RESPONSES,
                description = "The fewest responses a window is tested with")
        int minResponses;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            AssayConfig cfg = config.load(ctx); // the configuration's problems first, then the reference's
            if (!(alpha > 0 && alpha < 0.5)) throw new ParameterException(spec.commandLine(), "--alpha must be in (0, 0.5), but was " + alpha);
            if (minResponses < 2 || minResponses > 100_000)
                throw new ParameterException(spec.commandLine(), "--min-responses must be 2 to 100000, but was " + minResponses);
            ScoreInputs.Values v = values.parse(spec);
            Duration w = TokenMonitorDefinition.DEFAULT_WINDOW;
            try {
                if (window != null) w = Scalars.duration(window);
            } catch (InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--window " + e.getMessage());
            }
            var responses = ScoreInputs.read(reference, v).stream().map(ScoreInputs.Input::scores).toList();
            TokenMonitorDefinition def = new TokenMonitorDefinition(model, w, TokenMonitorDefinition.perplexities(responses), alpha, minResponses);
            MonitorInfo m = withMonitors(cfg, ctx, monitors -> monitors.define(TokenMonitorKind.id(model), TokenMonitorKind.NAME, def.toJson()));
            ctx.out().println("defined " + describe(m));
            ctx.out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code assay llm monitor list}. */
    @Command(name = "list", description = "List the token drift monitors with their progress.",
            footer = {ExitCodes.EXAMPLE, "  assay llm monitor list", ExitCodes.HELP, ExitCodes.HELP_OK, ExitCodes.HELP_USAGE, ExitCodes.HELP_INTERNAL})
    public static final class ListMonitors implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            List<String> lines = withMonitors(config.load(ctx), ctx, monitors -> monitors.list().stream()
                    .filter(m -> m.kind().equals(TokenMonitorKind.NAME)).map(MonitorCommand::describe).toList());
            PrintWriter out = ctx.out();
            lines.forEach(out::println);
            if (lines.isEmpty()) out.println("no token drift monitors");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code assay llm monitor stop MODEL}. */
    @Command(name = "stop", description = "Stop the token drift monitor of MODEL: its responses are no longer fed to it; its state and ledger entries stay.",
            footer = {ExitCodes.EXAMPLE, "  assay llm monitor stop gpt-4o-mini", ExitCodes.HELP, ExitCodes.HELP_OK,
                    "  2   bad usage, or no monitor for MODEL", ExitCodes.HELP_INTERNAL})
    public static final class Stop implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            MonitorInfo m = withMonitors(config.load(ctx), ctx, monitors -> {
                String id = TokenMonitorKind.id(model);
                if (monitors.get(id).filter(x -> x.kind().equals(TokenMonitorKind.NAME)).isEmpty())
                    throw new NotFoundException("no token monitor for model " + model);
                return monitors.stop(id);
            });
            ctx.out().println("stopped " + describe(m));
            ctx.out().flush();
            return ExitCodes.OK;
        }
    }
}
