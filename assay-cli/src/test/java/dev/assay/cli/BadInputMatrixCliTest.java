package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.models.chat.ReplayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Bad input to every leaf command, taken from picocli's command tree (so a new command joins the
 * matrix without being listed here): an unknown option, the required parameters missing, every
 * input file parameter given a missing file, an empty file, garbage bytes and a truncated gzip
 * file, and every numeric parameter given {@code NaN}, {@code -1}, {@code 1e400} and {@code abc}.
 * A malformed input must exit 2 with exactly one stderr line {@code assay: ...} naming the problem,
 * no stack trace and no Java type; {@code -1}, which can be valid, may also run (exit 0, 1 or 3).
 * {@code serve} and {@code demo} only get the cases that fail while parsing, so no server starts. Afterwards the
 * ledger still verifies.
 */
class BadInputMatrixCliTest {
    static final List<String> NUMBERS = List.of("NaN", "-1", "1e400", "1e308", "abc");
    /** Numbers that can be valid (a seed of -1, a budget of 1e308 ms), so the command may run on them. */
    static final Set<String> MAY_BE_VALID = Set.of("-1", "1e308");
    static final Set<Class<?>> NUMERIC = Set.of(int.class, long.class, double.class, float.class, Integer.class, Long.class,
            Double.class, Float.class);
    static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, Integer.class, Long.class);
    /** A Java type name such as {@code ModelsModule$RegisterModel} or {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}. */
    static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][a-z]+[A-Z][A-Za-z]*[.$][A-Za-z_]+");
    static final List<String> LEAKS = List.of("Exception", "dev.assay", "java.", "\tat ", "com.fasterxml", "picocli.", "internal error");
    /** Arguments added to a command's every case so that none starts long work (the harvest would embed the shared corpus). */
    static final Map<String, List<String>> SAFETY = Map.of("assay rank harvest", List.of("--shared-data", "no-shared-data"),
            "assay llm coordinate", List.of("--reference-scorer"));

    @TempDir
    Path dir;

    Map<String, String> env;
    final List<String> findings = new ArrayList<>();
    int cases;
    int fresh;
    /** The model endpoint {@code llm coordinate} is given: answers the task of {@code tasks.jsonl}. */
    ReplayServer models;

    @AfterEach
    void stopModels() {
        if (models != null) models.close();
    }

    @Test
    void everyCommandAnswersBadInputWithExit2AndOneLineNamingIt_andTheLedgerStillVerifies() throws IOException {
        env = Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString());
        models = ReplayServer.start(List.of(ReplayServer.Recording.ofText("What is 2 + 2?", "x", "Answer: 4")));
        setUp();
        List<CommandLine> leaves = new ArrayList<>();
        collectLeaves(Main.commandLine(context()), leaves);
        assertThat(leaves).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("assay serve", "assay demo", "assay ledger verify", "assay models deploy", "assay rank contract", "assay tokens revoke");
        for (CommandLine leaf : leaves) cases(leaf.getCommandSpec());
        assertThat(cases).as("cases run").isGreaterThan(150);
        CliRun verify = CliRun.run(env, "ledger", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(findings).as("answers that are not exit 2 with one line naming the problem (%d of %d cases)", findings.size(), cases)
                .isEmpty();
    }

    void setUp() throws IOException {
        for (String[] args : List.of(new String[] {"models", "register", "ranker"},
                new String[] {"models", "add-version", "ranker", "v1", "--data-hash", "sha256:aa", "--seed", "1", "--code-version", "git:1"},
                new String[] {"tokens", "create", "--role", "viewer", "--name", "spare"})) {
            CliRun r = CliRun.run(env, args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        }
        CliRun proof = CliRun.run(env, "ledger", "prove-inclusion", "--seq", "1", "--out", dir.resolve("proof.json").toString());
        assertThat(proof.exitCode()).as(proof.err()).isZero();
        Files.writeString(dir.resolve("qrels.txt"), dev.assay.core.testing.TestFiles.trecQrels());
        Files.writeString(dir.resolve("run-a.txt"), run("a", true));
        Files.writeString(dir.resolve("run-b.txt"), run("b", false));
        StringBuilder obs = new StringBuilder();
        for (int i = 0; i < 5; i++)
            obs.append("{\"time\": \"2026-01-01T00:00:0").append(i).append("Z\", \"gain\": 0.01, \"latencyMs\": 100}\n");
        Files.writeString(dir.resolve("observations.jsonl"), obs);
        StringBuilder responses = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            responses.append("{\"model\": \"m\", \"prompt_id\": \"p").append(i).append("\", \"response\": \"Answer ").append(i % 7)
                    .append(i % 3 == 0 ? " with more words" : "").append("\"}\n");
        }
        Files.writeString(dir.resolve("responses.jsonl"), responses);
        StringBuilder probes = new StringBuilder();
        for (int i = 0; i < 12; i++) probes.append("{\"prompt_id\": \"p").append(i).append("\", \"prompt\": \"Task number ").append(i).append("\"}\n");
        Files.writeString(dir.resolve("probes.jsonl"), probes);
        CliRun sig = CliRun.run(env, "fingerprint", "build", dir.resolve("responses.jsonl").toString(), "--out", dir.resolve("m.asfp").toString(),
                "--dim", "256", "--progress", "none", "--no-record");
        assertThat(sig.exitCode()).as(sig.err()).isZero();
        CliRun pkg = CliRun.run(env, "fingerprint", "export", dir.resolve("m.asfp").toString(), "--out", dir.resolve("m.aedg").toString(),
                "--level", "minimal", "--no-record");
        assertThat(pkg.exitCode()).as(pkg.err()).isZero();
        Files.writeString(dir.resolve("action.json"), "{\"kind\": \"shell\", \"command\": \"ls -la\"}");
        Files.write(dir.resolve("one.pcap"), dev.assay.cli.protocol.ProtocolCliTest.oneUdpPacket());
        Files.writeString(Files.createDirectories(dir.resolve("ndpi-results")).resolve("one.pcap.out"), "\t1\tUDP 10.0.0.1:40000 <-> 10.0.0.2:53 "
                + "[proto: 5/DNS][IP: 0/Unknown][ClearText][Confidence: DPI][DPI packets: 1][1 pkts/61 bytes -> 0 pkts/0 bytes]\n");
        Files.writeString(dir.resolve("labelled.jsonl"), "{\"label\": 1, \"action\": {\"kind\": \"shell\", \"command\": \"cat /etc/shadow\"}}\n");
        Files.writeString(dir.resolve("mushroom.jsonl"), dev.assay.cli.llm.LlmCliTest.RECORD + "\n");
        Files.writeString(dir.resolve("tasks.jsonl"), "{\"prompt\": \"What is 2 + 2?\", \"reference\": \"4\"}\n");
    }
    static String run(String id, boolean onlyEvenTopicsGood) {
        return dev.assay.core.testing.TestFiles.trecRun(id, onlyEvenTopicsGood);
    }

    static void collectLeaves(CommandLine cl, List<CommandLine> out) {
        if (cl.getSubcommands().isEmpty()) out.add(cl);
        for (CommandLine sub : new LinkedHashMap<>(cl.getSubcommands()).values())
            if (sub.getCommandName().equals(sub.getCommandSpec().name())) collectLeaves(sub, out); // aliases once
    }

    void cases(CommandSpec spec) throws IOException {
        String name = spec.qualifiedName();
        List<String> prefix = new ArrayList<>(Arrays.asList(name.split(" ")).subList(1, name.split(" ").length));
        boolean serve = name.equals("assay serve") || name.equals("assay demo");
        List<String> unknown = serve ? new ArrayList<>(prefix) : args(spec, prefix, null, null);
        unknown.add("--no-such-option");
        check(name + " --no-such-option", unknown, List.of("--no-such-option"), false);
        List<String> help = new ArrayList<>(prefix);
        help.add("--help");
        cases++;
        CliRun h = CliRun.run(env, help.toArray(String[]::new));
        // every usage error ends "(see '<command> --help')", so that must work
        if (h.exitCode() != 0 || !h.out().contains("Usage:")) findings.add(name + " --help -> exit " + h.exitCode() + ", stderr: " + h.err().strip());
        if (spec.args().stream().anyMatch(BadInputMatrixCliTest::required)) {
            check(name + " without its required parameters", prefix, List.of("Missing required", "missing"), false);
        }
        for (ArgSpec arg : spec.args()) {
            if (isInputFile(arg) && !serve) {
                for (String kind : List.of("missing", "empty", "garbage", "truncated-gzip")) {
                    Path bad = badFile(kind, arg);
                    String value = (arg.paramLabel().contains("@FILE") ? "@" : "") + bad;
                    check(name + " " + label(arg) + " " + kind + " file", args(spec, prefix, arg, value),
                            List.of(bad.getFileName().toString(), label(arg)), kind.equals("empty") && emptyMayBeValid(arg));
                }
            }
            if (numeric(arg)) {
                for (String v : NUMBERS) {
                    boolean parseError = !MAY_BE_VALID.contains(v) || INTEGRAL.contains(elementType(arg)) && !v.equals("-1");
                    if (serve && !parseError) continue;
                    check(name + " " + label(arg) + " " + v, args(spec, prefix, arg, v), List.of(label(arg), v), MAY_BE_VALID.contains(v));
                }
            }
        }
    }

    /**
     * Runs {@code args} and records a finding unless it exits 2 with one line naming one of {@code mustName}; with {@code mayRun}
     * the input may be valid, so it may also exit 0, 1 or 3, or 2 for another reason.
     */
    void check(String what, List<String> args, List<String> mustName, boolean mayRun) {
        cases++;
        CliRun r = CliRun.run(env, args.toArray(String[]::new));
        String label = what + " -> exit " + r.exitCode() + ", stderr: " + r.err().strip();
        for (String leak : LEAKS) if (r.err().contains(leak) || r.out().contains(leak)) findings.add(label + ": leaks '" + leak + "'");
        if (TYPE_NAME.matcher(r.err()).find()) findings.add(label + ": names a Java type");
        if (mayRun && (r.exitCode() == 0 || r.exitCode() == 1 || r.exitCode() == 3)) return;
        if (r.exitCode() != 2) {
            findings.add(label + ": exit code is not 2");
            return;
        }
        if (r.errLines().size() != 1 || !r.errLines().get(0).startsWith("assay: ")) {
            findings.add(label + ": not exactly one line 'assay: ...' on stderr");
            return;
        }
        if (!mayRun && mustName.stream().noneMatch(n -> r.err().contains(n))) findings.add(label + ": does not name " + mustName);
    }

    /** The command's required parameters filled with valid values, {@code arg} set to {@code value}. */
    List<String> args(CommandSpec spec, List<String> prefix, ArgSpec arg, String value) throws IOException {
        List<String> out = new ArrayList<>(prefix);
        List<String> safety = SAFETY.getOrDefault(spec.qualifiedName(), List.of());
        if (arg == null || !safety.contains(label(arg))) out.addAll(safety);
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        for (PositionalParamSpec p : positionals) out.add(p == arg ? value : valid(p));
        for (OptionSpec o : spec.options()) {
            if (o == arg) {
                out.add(o.longestName());
                out.add(value);
            } else if (o.required()) {
                out.add(o.longestName());
                out.add(valid(o));
            }
        }
        return out;
    }

    /** A valid value of a required parameter, by its label. */
    String valid(ArgSpec arg) throws IOException {
        String n = label(arg);
        return switch (arg.paramLabel()) {
            case "QRELS" -> dir.resolve("qrels.txt").toString();
            case "RUN", "RUN_A" -> dir.resolve(n.contains("candidate") || n.contains("upshift") ? "run-b.txt" : "run-a.txt").toString();
            case "RUN_B" -> dir.resolve("run-b.txt").toString();
            case "FILE.jsonl" -> dir.resolve("observations.jsonl").toString();
            case "PROBES.jsonl" -> n.contains("out") ? dir.resolve("out-" + fresh++ + ".jsonl").toString() : dir.resolve("probes.jsonl").toString();
            case "DIR" -> dir.resolve("out-" + fresh++).toString();
            case "MODEL" -> "ranker";
            case "VERSION" -> "v1";
            case "KEY", "TEXT", "NAME" -> "k";
            case "HASH" -> "sha256:aa";
            case "REV" -> "git:1";
            case "STAGE" -> "SHADOW";
            case "ROLE" -> "viewer";
            case "MEASURE" -> "ndcg_cut.10";
            case "PROOF" -> dir.resolve("proof.json").toString();
            case "LOG" -> dir.resolve("responses.jsonl").toString();
            case "SIG" -> n.contains("out") ? dir.resolve("out-" + fresh++ + ".asfp").toString() : dir.resolve("m.asfp").toString();
            case "SIG|LOG" -> dir.resolve("m.asfp").toString();
            case "PKG" -> n.contains("out") ? dir.resolve("out-" + fresh++ + ".aedg").toString() : dir.resolve("m.aedg").toString();
            case "PEM" -> dir.resolve("data").resolve("ledger-ed25519.pub").toString();
            case "LABELLED" -> dir.resolve("labelled.jsonl").toString();
            case "ACTION.json" -> dir.resolve("action.json").toString();
            case "FORMAT" -> "jsonl";
            case "CAPTURE" -> dir.resolve("one.pcap").toString();
            case "RESULTS" -> dir.resolve("ndpi-results").toString();
            case "MUSHROOM.jsonl", "RESPONSES.jsonl" -> dir.resolve("mushroom.jsonl").toString();
            case "TASKS.jsonl" -> dir.resolve("tasks.jsonl").toString();
            case "URL" -> models.baseUrl().toString();
            case "WEIGHTS.json" -> n.contains("out") ? dir.resolve("out-" + fresh++ + ".json").toString() : dir.resolve("weights.json").toString();
            default -> {
                if (numeric(arg)) yield arg.defaultValue() != null ? arg.defaultValue() : "1";
                if (isFile(arg)) throw new AssertionError("no valid sample for " + label(arg) + " (" + arg.paramLabel() + "); add one");
                yield "x";
            }
        };
    }

    /** {@code kind} of bad file for {@code arg}: missing, empty, garbage bytes, or a gzip file cut in half. */
    Path badFile(String kind, ArgSpec arg) throws IOException {
        String base = kind + "-" + label(arg).replaceAll("[^A-Za-z0-9]+", "") + "-" + fresh++;
        String ext = arg.paramLabel().contains(".jsonl") ? ".jsonl" : arg.paramLabel().contains(".yaml") ? ".yaml" : ".txt";
        Path p = dir.resolve(base + (kind.equals("truncated-gzip") && ext.equals(".txt") ? ".gz" : ext));
        switch (kind) {
            case "missing" -> { }
            case "empty" -> Files.write(p, new byte[0]);
            case "garbage" -> Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, '\n', (byte) 0x80, 'x', '\t', '{', '['});
            case "truncated-gzip" -> {
                byte[] gz = gzip(Files.readAllBytes(dir.resolve("qrels.txt")));
                Files.write(p, Arrays.copyOf(gz, gz.length / 2));
            }
            default -> throw new AssertionError(kind);
        }
        return p;
    }

    static boolean required(ArgSpec arg) {
        return arg.required() || arg instanceof PositionalParamSpec p && p.arity().min() > 0;
    }

    static Class<?> elementType(ArgSpec arg) {
        return arg.isMultiValue() && arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
    }

    static boolean numeric(ArgSpec arg) {
        return NUMERIC.contains(elementType(arg));
    }

    static boolean isFile(ArgSpec arg) {
        return elementType(arg) == Path.class || elementType(arg) == java.io.File.class
                || elementType(arg) == String.class && arg.paramLabel().contains("FILE");
    }

    /** A file the command reads: not where it writes (--out, --report) nor a directory it creates (data, audit state, tiles). */
    static boolean isInputFile(ArgSpec arg) {
        String n = label(arg);
        return isFile(arg) && !n.contains("out") && !n.contains("report") && !n.equals("--data-dir") && !n.equals("--state") && !n.equals("--tiles");
    }

    static boolean emptyMayBeValid(ArgSpec arg) {
        // an empty YAML configuration is all defaults; no candidate latencies leave the latency guards without data
        return Set.of("--config", "--monitor-config", "--candidate-latencies").contains(label(arg));
    }

    static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    CliContext context() {
        return new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Clock.systemUTC(),
                server -> {
                    throw new AssertionError("this test does not serve");
                });
    }
    static byte[] gzip(byte[] data) {
        return dev.assay.core.testing.TestFiles.gzip(data);
    }
}
