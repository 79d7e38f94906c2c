package dev.assay.cli.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.dpi.ByteRange;
import dev.assay.protocol.dpi.Check;
import dev.assay.protocol.dpi.Detection;
import dev.assay.protocol.dpi.Dpi;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay protocol explain CAPTURE...}: why each flow got its label. */
@Command(name = "explain", description = "Explain each flow's label: the decision path (every stage's answer in order: the IP protocol "
        + "number, the structural validators, in --mode balanced or accurate the learned model, the well-known port), the "
        + "runner-up and the margin. For a learned answer: the features that moved its score most (XGBoost's per-prediction "
        + "contributions). For a structural match: every check that passed, how many bits of chance agreement it rules out and "
        + "the bytes it read, with their offsets in each direction's stream and their values; its confidence is "
        + "1-2^(-bits/8), bits summed over its checks, at most 0.99. A file that cannot be read is named on stderr with the byte "
        + "offset of the problem; the others are still explained, and the exit code is 2. A file cut short is explained up to "
        + "the cut, which stderr names with its byte offset.",
        footer = {ExitCodes.EXAMPLE,
                "  assay protocol explain trace.pcap",
                "  assay protocol explain --flow 10.0.0.2:53 --json trace.pcap",
                ExitCodes.HELP,
                Captures.HELP_OK,
                Captures.HELP_OK_CUT,
                Captures.HELP_UNREADABLE,
                Captures.HELP_UNREADABLE_WHY,
                "      stderr names it and the byte offset; the others are still explained",
                ExitCodes.HELP_INTERNAL})
public final class ExplainCommand implements Callable<Integer> {
    /** At most this many bytes of a cited range are shown. */
    static final int SHOWN_BYTES = 16;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files (pcap or pcapng)")
    List<Path> files;

    @Option(names = "--flow", paramLabel = "TEXT", description = "Only flows whose ends (\"a <-> b\", e.g. 10.0.0.2:53) contain TEXT")
    String only;

    @Option(names = "--mode", defaultValue = "fast", paramLabel = "MODE", description = "Quality mode: fast, balanced or accurate, as for classify")
    String mode;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N flows explained per capture, 1..100000")
    int limit;

    @Option(names = "--json", description = "One JSON object per flow and line: file, l4, a, b, label, source, confidence, runnerUp, margin, packets, "
            + "stages, checks, evidence")
    boolean json;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        if (limit < 1 || limit > 100_000) throw new InvalidInputException("--limit must be in 1..100000, but was " + limit);
        ProtocolServices.ModeClassifier classifier = ProtocolServices.offline(ProtocolServices.mode(mode));
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter out = ctx.out();
        AtomicInteger shown = new AtomicInteger();
        AtomicInteger matching = new AtomicInteger();
        return Captures.read(ctx, files, progress.progress(ctx), classifier.limits(), new Captures.PerFile() {
            @Override
            public java.util.function.Consumer<FlowSample> start(Path file) {
                shown.set(0);
                matching.set(0);
                return flow -> {
                    if (only != null && !(flow.a() + " <-> " + flow.b()).contains(only)) return;
                    matching.incrementAndGet();
                    if (shown.get() >= limit) return;
                    shown.incrementAndGet();
                    Classifier.Explanation e = classifier.classifier().explain(flow);
                    Optional<Detection> d = e.decision().source() == dev.assay.protocol.classify.Source.DPI ? Dpi.classify(flow) : Optional.empty();
                    if (json) out.println(json(mapper, file.toString(), flow, e, d));
                    else text(out, flow, e, d);
                };
            }

            @Override
            public void end(Path file, dev.assay.protocol.flow.CaptureSummary summary) {
                if (!json && matching.get() > shown.get())
                    out.printf(Locale.ROOT, "%s: %d more flows not shown (--limit %d)%n", file, matching.get() - shown.get(), limit);
                if (!json && matching.get() == 0) out.println(file + ": no flow" + (only == null ? "" : " matches --flow " + only));
            }
        });
    }

    private static void text(PrintWriter out, FlowSample flow, Classifier.Explanation e, Optional<Detection> d) {
        Classification c = e.decision();
        out.printf(Locale.ROOT, "%s %s <-> %s: %s (%s, confidence %.3f), %d packets%n", flow.l4(), flow.a(), flow.b(), c.label(), c.source(),
                c.confidence(), flow.packets());
        StringBuilder path = new StringBuilder();
        for (Classifier.StageAnswer s : e.stages()) {
            path.append(path.isEmpty() ? "" : "; ").append(s.stage()).append(": ");
            path.append(s.answer() == null ? "no answer" : String.format(Locale.ROOT, "%s (%s, %.3f)", s.answer().label(), s.answer().source(),
                    s.answer().confidence()));
        }
        out.println("  decision path: " + path);
        if (d.isPresent()) {
            Detection det = d.get();
            out.printf(Locale.ROOT, "  runner-up: %s; margin %.3f%n", det.runnerUp().map(r -> String.format(Locale.ROOT, "%s (%.3f)", r.label(),
                    r.confidence())).orElse("none among the validators"), det.margin());
            double bits = det.evidence().stream().mapToDouble(Check::bits).sum();
            out.printf(Locale.ROOT, "  confidence: %d checks, %.1f bits: 1 - 2^(-%.1f/8) = %.3f, capped at 0.99%n", det.evidence().size(), bits, bits,
                    1 - Math.pow(2, -bits / 8));
            for (Check ch : det.evidence()) {
                out.printf(Locale.ROOT, "    %-58s %5.1f bits", ch.name(), ch.bits());
                if (ch.reads().isEmpty()) out.print("  (cites no payload bytes)");
                for (ByteRange r : ch.reads()) out.print("  " + range(r) + " " + hex(flow, r));
                out.println();
            }
        } else {
            out.println("  runner-up: " + (c.runnerUp() == null ? "none" : c.runnerUp()));
            for (String line : c.evidence()) out.println("    " + line);
        }
    }

    private static String json(ObjectMapper mapper, String file, FlowSample flow, Classifier.Explanation e, Optional<Detection> d) {
        Classification c = e.decision();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file);
        o.put("l4", flow.l4().name());
        o.put("a", flow.a().toString());
        o.put("b", flow.b().toString());
        o.put("label", c.label());
        o.put("source", c.source().name());
        o.put("confidence", Math.round(c.confidence() * 1000) / 1000.0);
        if (c.runnerUp() != null) o.put("runnerUp", c.runnerUp());
        else o.putNull("runnerUp");
        d.ifPresentOrElse(det -> o.put("margin", Math.round(det.margin() * 1000) / 1000.0), () -> o.putNull("margin"));
        o.put("packets", flow.packets());
        ArrayNode stages = o.putArray("stages");
        for (Classifier.StageAnswer s : e.stages()) {
            ObjectNode n = stages.addObject().put("stage", s.stage());
            if (s.answer() == null) n.putNull("label");
            else n.put("label", s.answer().label()).put("source", s.answer().source().name()).put("confidence", Math.round(s.answer().confidence() * 1000) / 1000.0);
        }
        ArrayNode checks = o.putArray("checks");
        d.ifPresent(det -> {
            for (Check ch : det.evidence()) {
                ObjectNode n = checks.addObject().put("name", ch.name()).put("bits", ch.bits());
                ArrayNode reads = n.putArray("reads");
                for (ByteRange r : ch.reads())
                    reads.addObject().put("direction", r.direction() == Direction.A_TO_B ? "a>b" : "b>a").put("offset", r.offset())
                            .put("length", r.length()).put("hex", hex(flow, r));
            }
        });
        ArrayNode evidence = o.putArray("evidence");
        c.evidence().forEach(evidence::add);
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String range(ByteRange r) {
        return (r.direction() == Direction.A_TO_B ? "a>b " : "b>a ") + r.offset() + "+" + r.length();
    }

    /** The cited bytes of the direction's stream as hex, the first {@value #SHOWN_BYTES} of a longer range and "..". */
    static String hex(FlowSample flow, ByteRange r) {
        byte[] stream = flow.stream(r.direction(), r.offset() + Math.min(r.length(), SHOWN_BYTES));
        int from = Math.min(r.offset(), stream.length);
        int to = Math.min(stream.length, r.offset() + Math.min(r.length(), SHOWN_BYTES));
        return HexFormat.of().formatHex(stream, from, to) + (r.length() > SHOWN_BYTES ? ".." : "");
    }
}
