package dev.assay.cli.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.flow.CaptureSummary;
import dev.assay.protocol.flow.FlowSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay protocol classify FILE...}: every flow of the captures with its protocol. */
@Command(name = "classify", description = "Read pcap or pcapng captures into bidirectional flows and name each flow's protocol as nDPI "
        + "spells it (TLS, DNS, Modbus, ...; Unknown when nothing matched), with the source of the label: DPI (a structural "
        + "validator), LEARNED (the learned model), PORT (a well-known port: a low-confidence guess) or UNKNOWN. A file that "
        + "cannot be read is named on stderr with the byte offset of the problem; the other files are still classified, and the "
        + "exit code is 2. A file cut short is classified up to the cut, which stderr names with its byte offset.",
        footer = {ExitCodes.EXAMPLE,
                "  assay protocol classify trace.pcapng",
                "  assay protocol classify --json a.pcap b.pcapng > flows.jsonl",
                ExitCodes.HELP,
                Captures.HELP_OK,
                Captures.HELP_OK_CUT,
                Captures.HELP_UNREADABLE,
                Captures.HELP_UNREADABLE_WHY,
                "      stderr names it and the byte offset; the others are still classified",
                ExitCodes.HELP_INTERNAL})
public final class ClassifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files (pcap or pcapng)")
    List<Path> files;

    @Option(names = "--mode", defaultValue = "fast", paramLabel = "MODE",
            description = "Quality mode: fast (structural validators, then the port), balanced (the learned model, which reads the first 8 packets "
                    + "with payload, between them), accurate (as balanced, on flows read to 128 packets and 16 KiB per direction)")
    String mode;

    @Option(names = "--json", description = "One JSON object per flow and line: file, l4, a, b, label, source, confidence, packets")
    boolean json;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        ProtocolServices.ModeClassifier classifier = ProtocolServices.offline(ProtocolServices.mode(mode));
        PrintWriter out = ctx.out();
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> mix = new TreeMap<>();
        return Captures.read(ctx, files, progress.progress(ctx), classifier.limits(), new Captures.PerFile() {
            @Override
            public java.util.function.Consumer<FlowSample> start(Path file) {
                mix.clear();
                return flow -> {
                    Classification c = classifier.classify(flow);
                    mix.merge(c.label(), 1, Integer::sum);
                    print(out, mapper, file.toString(), flow, c);
                };
            }

            @Override
            public void end(Path file, CaptureSummary s) {
                if (!json) summary(out, file.toString(), s, mix);
            }
        });
    }

    private void print(PrintWriter out, ObjectMapper mapper, String file, FlowSample flow, Classification c) {
        if (json) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("file", file);
            o.put("l4", flow.l4().name());
            o.put("a", flow.a().toString());
            o.put("b", flow.b().toString());
            o.put("label", c.label());
            o.put("source", c.source().name());
            o.put("confidence", Math.round(c.confidence() * 1000) / 1000.0);
            o.put("packets", flow.packets());
            try {
                out.println(mapper.writeValueAsString(o));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.printf(Locale.ROOT, "%s %s <-> %s  %s (%s, %.2f)  %d packets%n", flow.l4(), flow.a(), flow.b(), c.label(), c.source(),
                    c.confidence(), flow.packets());
        }
    }

    private static void summary(PrintWriter out, String file, CaptureSummary s, Map<String, Integer> mix) {
        StringBuilder m = new StringBuilder();
        mix.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> m.append(m.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        out.printf(Locale.ROOT, "%s: %d flows, %d packets; %s%n", file, s.flows(), s.capture().packets(), m.isEmpty() ? "no flows" : m);
    }
}
