package dev.assay.cli.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.JsonNumbers;
import dev.assay.llm.coordinate.AgentSpec;
import dev.assay.llm.coordinate.Answers;
import dev.assay.llm.coordinate.Baseline;
import dev.assay.llm.coordinate.BaselineCache;
import dev.assay.llm.coordinate.Coordinator;
import dev.assay.llm.coordinate.Estimate;
import dev.assay.llm.coordinate.Judge;
import dev.assay.llm.coordinate.Quality;
import dev.assay.llm.coordinate.Report;
import dev.assay.llm.coordinate.Scorer;
import dev.assay.llm.coordinate.Strategy;
import dev.assay.llm.coordinate.Task;
import dev.assay.llm.coordinate.TaskFile;
import dev.assay.llm.coordinate.TaskReport;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay llm coordinate --url URL --model M TASKS.jsonl}: what a team of agents gains over one agent given the same calls. */
@Command(name = "coordinate", description = {"Run every task of TASKS.jsonl (one JSON object per line: prompt, and reference when known) with a team of",
        "--agents agents under --strategy, --repeats times, and each time a compute-matched baseline: one agent given the same",
        "number of model calls, spent on independent samples, answered by their majority (self-consistency) or by the judge's",
        "pick (best-of-n, pairwise in both orders). Calls per run: sequential N (each agent refines the answer before; the",
        "other N - 1 agents are also asked alone, for omega only, not matched by the baseline), parallel N (independent",
        "answers, all in flight at once, majority vote), debate N (rounds + 1) (each round every agent sees the others'",
        "previous answers). Quality in [0, 1] comes from the judge model (each answer rated on its own, 0 to 10, with the",
        "task's reference when known, temperature 0, strict JSON) or, with --reference-scorer, from exact match of the final",
        "answer with the task's reference: the team's, the baseline's and every agent's own answer on one scale.",
        "Reports per task and overall: gamma = coordinated quality / mean baseline quality, omega = coordinated quality minus",
        "the best single agent's (every agent's own answer to the task), consensus = fraction of agent pairs whose final",
        "answers agree, each with a 95%% bootstrap interval, and calls: coordinated, solo, baseline, baseline calls saved by",
        "reusing --baseline-samples baselines, and judge calls, counted apart."},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm coordinate --url http://127.0.0.1:8000/v1 --model qwen2.5-7b --strategy debate --rounds 2 \\",
                "      --repeats 5 --reference-scorer tasks.jsonl",
                "  assay llm coordinate --url http://127.0.0.1:8000/v1 --model qwen2.5-7b --judge-model qwen2.5-32b --json tasks.jsonl",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   bad usage or input (a bad task line is named by file and line): one line on stderr says what",
                "  70  the model endpoint failed, or the judge did not answer in its JSON form twice: one line on stderr"})
public final class CoordinateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TASKS.jsonl", description = "The tasks, one JSON object per line")
    Path file;

    @Option(names = "--url", paramLabel = "URL", required = true, description = "Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1")
    String url;

    @Option(names = "--model", paramLabel = "M", required = true, description = "The agents' model")
    String model;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "3", description = "Agents in the team, 2 to " + MAX_AGENTS)
    int agents;

    @Option(names = "--strategy", paramLabel = "sequential|parallel|debate", defaultValue = "parallel", description = "How the team works")
    String strategy;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + Strategy.Debate.DEFAULT_ROUNDS,
            description = "Debate rounds after the opening answers (debate only)")
    int rounds;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "" + AgentSpec.DEFAULT_TEMPERATURE, description = "The agents' sampling temperature")
    double temperature;

    @Option(names = "--repeats", paramLabel = "K", defaultValue = "5", description = "Runs per task (intervals need at least 2)")
    int repeats;

    @Option(names = "--baseline", paramLabel = "self-consistency|best-of-n", defaultValue = "self-consistency",
            description = "How the baseline picks among its samples (best-of-n needs --judge-model)")
    String baseline;

    @Option(names = "--baseline-samples", paramLabel = "S", defaultValue = "2",
            description = "Distinct baselines per task, reused over the repeats (at most --repeats; --repeats when larger)")
    int baselineSamples;

    @Option(names = "--jaccard", paramLabel = "J",
            description = "Agents agree when the token Jaccard index of their final answers is at least J (default: normalised exact match)")
    Double jaccard;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the bootstrap intervals")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the table")
    boolean json;

    @Option(names = "--judge-model", paramLabel = "M", description = "Grade with this judge model, on the same endpoint (or --reference-scorer)")
    String judgeModel;

    @Option(names = "--reference-scorer", description = "Grade by exact match with each task's reference answer (or --judge-model)")
    boolean referenceScorer;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    static final int MAX_AGENTS = 32;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        var parsed = spec.commandLine().getParseResult();
        if ((judgeModel == null) == !referenceScorer) throw usage("give exactly one of --judge-model and --reference-scorer");
        if (judgeModel != null && judgeModel.isBlank()) throw usage("--judge-model must name a model");
        if (agents < Strategy.MIN_AGENTS || agents > MAX_AGENTS) throw usage("--agents must be 2 to " + MAX_AGENTS + ", but was " + agents);
        if (repeats < 1 || repeats > Coordinator.Config.MAX_REPEATS)
            throw usage("--repeats must be 1 to " + Coordinator.Config.MAX_REPEATS + ", but was " + repeats);
        if (baselineSamples < 1) throw usage("--baseline-samples must be at least 1, but was " + baselineSamples);
        if (parsed.hasMatchedOption("--baseline-samples") && baselineSamples > repeats)
            throw usage("--baseline-samples (" + baselineSamples + ") must not exceed --repeats (" + repeats + ")");
        if (parsed.hasMatchedOption("--rounds") && !strategy.equals("debate")) throw usage("--rounds needs --strategy debate");
        if (!(temperature >= 0 && temperature <= 2)) throw usage("--temperature must be in [0, 2], but was " + temperature);
        if (jaccard != null && !(jaccard > 0 && jaccard <= 1)) throw usage("--jaccard must be in (0, 1], but was " + jaccard);
        Strategy s = switch (strategy) {
            case "sequential" -> new Strategy.Sequential();
            case "parallel" -> Strategy.Parallel.majority();
            case "debate" -> {
                if (rounds < 1 || rounds > Strategy.Debate.MAX_ROUNDS) throw usage("--rounds must be 1 to " + Strategy.Debate.MAX_ROUNDS + ", but was " + rounds);
                yield new Strategy.Debate(rounds);
            }
            default -> throw usage("--strategy must be sequential, parallel or debate, but was '" + strategy + "'");
        };
        Baseline.Kind kind = switch (baseline) {
            case "self-consistency" -> Baseline.Kind.SELF_CONSISTENCY;
            case "best-of-n" -> Baseline.Kind.BEST_OF_N;
            default -> throw usage("--baseline must be self-consistency or best-of-n, but was '" + baseline + "'");
        };
        if (kind == Baseline.Kind.BEST_OF_N && referenceScorer) throw usage("--baseline best-of-n needs --judge-model to pick the best sample");
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw usage("--url is not a URL: '" + url + "'");
        }
        ChatClientConfig chat = ChatClientConfig.defaults(base);
        List<Task> tasks = TaskFile.read(file);
        if (referenceScorer) {
            for (int i = 0; i < tasks.size(); i++)
                if (tasks.get(i).reference().isEmpty()) throw usage("task " + (i + 1) + " of " + file + " has no reference, which --reference-scorer needs");
        }
        List<AgentSpec> team = AgentSpec.team(model, agents).stream()
                .map(a -> new AgentSpec(a.name(), a.model(), a.systemPrompt(), temperature)).toList();
        Answers.Agreement agreement = jaccard == null ? Answers.Agreement.exact() : Answers.Agreement.jaccard(jaccard);
        Report report;
        try (ChatClient client = ChatClient.openAi(chat)) {
            Quality quality = referenceScorer ? Quality.of(Scorer.exactMatch()) : Quality.of(Judge.of(client, judgeModel));
            Coordinator c = Coordinator.create(client, team, s, new Baseline(kind, team.getFirst()), quality, BaselineCache.defaults(),
                    new Coordinator.Config(repeats, Math.min(baselineSamples, repeats), agreement, seed));
            report = c.run(tasks, progress.progress(ctx));
        }
        PrintWriter o = ctx.out();
        if (json) o.println(toJson(report, s, kind, agreement).toString());
        else table(o, report, s, kind);
        o.flush();
        return ExitCodes.OK;
    }

    private static void table(PrintWriter o, Report report, Strategy s, Baseline.Kind kind) {
        o.printf(Locale.ROOT, "%-4s  %-30s  %-24s  %-24s  %-24s  %6s  %6s  %6s%n", "task", "prompt", "gamma [95% CI]", "omega [95% CI]",
                "consensus [95% CI]", "calls", "base", "saved");
        for (int i = 0; i < report.tasks().size(); i++) {
            TaskReport t = report.tasks().get(i);
            o.printf(Locale.ROOT, "%-4d  %-30s  %-24s  %-24s  %-24s  %6d  %6d  %6d%n", i + 1, clip(t.task().prompt().replaceAll("\\s+", " "), 30),
                    text(t.gamma()), text(t.omega()), text(t.consensus()), t.coordinatedCalls(), t.baselineCalls(), t.savedCalls());
        }
        o.printf(Locale.ROOT, "overall (%d tasks, %s vs %s baseline): gamma %s, omega %s, consensus %s%n", report.tasks().size(), s.name(),
                kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), text(report.gamma()), text(report.omega()), text(report.consensus()));
        o.printf(Locale.ROOT, "model calls: coordinated %d, solo (omega only) %d, baseline %d, baseline saved by reuse %d (%.1f%% of the baseline's);"
                        + " judge calls %d%n", report.coordinatedCalls(), report.soloCalls(), report.baselineCalls(), report.savedCalls(),
                100 * report.savedFraction(), report.judgeCalls());
    }

    private static String text(Estimate e) {
        if (e.n() == 0) return "undefined";
        String ci = e.interval().map(c -> String.format(Locale.ROOT, " [%.3f, %.3f]", c.lower(), c.upper())).orElse(" [n=1]");
        return String.format(Locale.ROOT, "%.3f", e.mean()) + ci;
    }

    private static ObjectNode toJson(Report report, Strategy s, Baseline.Kind kind, Answers.Agreement agreement) {
        ObjectNode root = JSON.createObjectNode();
        root.put("strategy", s.name());
        root.put("baseline", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        root.put("agreement", agreement.kind() == Answers.Agreement.Kind.EXACT ? "exact" : "jaccard>=" + agreement.threshold());
        ArrayNode tasks = root.putArray("tasks");
        for (TaskReport t : report.tasks()) {
            ObjectNode n = tasks.addObject();
            n.put("prompt", t.task().prompt());
            JsonNumbers.put(n, "mean_baseline_quality", t.meanBaselineQuality());
            estimate(n.putObject("gamma"), t.gamma());
            estimate(n.putObject("omega"), t.omega());
            estimate(n.putObject("consensus"), t.consensus());
            calls(n, t.coordinatedCalls(), t.soloCalls(), t.baselineCalls(), t.savedCalls(), t.judgeCalls());
            ArrayNode runs = n.putArray("runs");
            for (TaskReport.Repeat r : t.repeats()) {
                ObjectNode rn = runs.addObject();
                rn.put("answer", Answers.finalAnswer(r.run().answer()));
                ArrayNode finals = rn.putArray("agent_answers");
                r.run().finals().forEach(a -> finals.addObject().put("agent", a.agent()).put("answer", Answers.finalAnswer(a.reply())));
                ArrayNode solos = rn.putArray("single_agents");
                for (int i = 0; i < r.run().solos().size(); i++) {
                    var a = r.run().solos().get(i);
                    solos.addObject().put("agent", a.agent()).put("answer", Answers.finalAnswer(a.reply())).put("quality", r.soloQualities().get(i));
                }
                rn.put("baseline_answer", Answers.finalAnswer(r.baseline().answer()));
                rn.put("baseline_cached", r.baselineFromCache());
                rn.put("quality", r.coordinatedQuality());
                rn.put("baseline_quality", r.baselineQuality());
                rn.put("best_solo_quality", r.bestSoloQuality());
                rn.put("consensus", r.consensus());
                rn.put("calls", r.run().calls());
                rn.put("solo_calls", r.run().soloCalls());
                rn.put("judge_calls", r.judgeCalls());
            }
        }
        ObjectNode overall = root.putObject("overall");
        estimate(overall.putObject("gamma"), report.gamma());
        estimate(overall.putObject("omega"), report.omega());
        estimate(overall.putObject("consensus"), report.consensus());
        calls(overall, report.coordinatedCalls(), report.soloCalls(), report.baselineCalls(), report.savedCalls(), report.judgeCalls());
        return root;
    }

    private static void estimate(ObjectNode n, Estimate e) {
        JsonNumbers.put(n, "mean", e.mean());
        if (e.interval().isPresent()) {
            n.put("ci_lower", e.interval().get().lower());
            n.put("ci_upper", e.interval().get().upper());
        } else {
            n.putNull("ci_lower");
            n.putNull("ci_upper");
        }
        n.put("n", e.n());
        n.put("undefined", e.undefined());
    }

    private static void calls(ObjectNode n, long coordinated, long solo, long baseline, long saved, long judge) {
        ObjectNode c = n.putObject("calls");
        c.put("coordinated", coordinated);
        c.put("solo", solo);
        c.put("baseline", baseline);
        c.put("baseline_saved", saved);
        c.put("judge", judge);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
