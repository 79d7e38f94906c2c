package dev.assay.cli.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.discover.FormatDescription;
import dev.assay.protocol.discover.FormatDiscovery;
import dev.assay.protocol.flow.FlowSample;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay protocol discover FILE...}: message formats inferred from the flows no classifier names. */
@Command(name = "discover", description = "Infer message formats from the flows of pcap or pcapng captures that the classifier leaves "
        + "Unknown (with --all, from every flow, grouped by the classifier's label). Unknown flows are grouped by transport and "
        + "server port, and port groups whose first bytes look alike are merged. Per group: the length field that frames its TCP "
        + "streams, if any; per direction and message type, the fields with offset, width, kind (constant, type, length, "
        + "counter, echoed id, value, variable), byte order and on how many messages the evidence held; and where a direction's "
        + "messages carry several units one after another that start with the same bytes (compounded requests, batched "
        + "records), the chain and its units' types, laid out together. A file that cannot be "
        + "read is named on stderr with the byte offset of the problem; the others are still read, and the exit code is 2. A "
        + "file cut short is read up to the cut, which stderr names with its byte offset.",
        footer = {ExitCodes.EXAMPLE,
                "  assay protocol discover trace.pcapng",
                "  assay protocol discover --all --min-messages 20 --json \\",
                "      a.pcap b.pcapng > formats.jsonl",
                ExitCodes.HELP,
                Captures.HELP_OK,
                Captures.HELP_OK_CUT,
                Captures.HELP_UNREADABLE,
                Captures.HELP_UNREADABLE_WHY,
                "      stderr names it and the byte offset; the others are still read",
                ExitCodes.HELP_INTERNAL})
public final class DiscoverCommand implements Callable<Integer> {
    /** Flows kept per label (or per transport and server port of unknown flows); the rest are counted, not read. */
    static final int MAX_FLOWS_PER_GROUP = 512;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files (pcap or pcapng)")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per group and line: group, l4, flows, messages, framing, types with their fields, chains "
            + "with their units' types")
    boolean json;

    @Option(names = "--min-messages", paramLabel = "N", defaultValue = "" + FormatDiscovery.DEFAULT_MIN_MESSAGES,
            description = "Messages a group needs for a format, and a direction or message type for a layout of its own; at least 2")
    int minMessages;

    @Option(names = "--all", description = "Every flow, grouped by the classifier's label, instead of only the flows it leaves Unknown")
    boolean all;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        if (minMessages < 2) throw new ParameterException(spec.commandLine(), "--min-messages must be at least 2, but was " + minMessages);
        Classifier classifier = Classifier.standard();
        Map<String, List<FlowSample>> groups = new TreeMap<>();
        int[] dropped = new int[1];
        int status = Captures.read(ctx, files, progress.progress(ctx), FormatDiscovery.LIMITS, file -> flow -> {
            Classification c = classifier.classify(flow);
            boolean unknown = c.label().equals(Classification.UNKNOWN);
            if (!all && !unknown) return;
            String key = all ? c.label() + "\t" + flow.l4().name() : flow.l4().name() + "/" + flow.b().port();
            List<FlowSample> g = groups.computeIfAbsent(key, k -> new ArrayList<>());
            if (g.size() < MAX_FLOWS_PER_GROUP) g.add(flow);
            else dropped[0]++;
        });
        Map<String, List<FlowSample>> named = new LinkedHashMap<>();
        if (all) {
            groups.forEach((key, flows) -> named.put(key.substring(0, key.indexOf('\t')), flows));
        } else {
            named.putAll(FormatDiscovery.groupUnknown(groups.values().stream().flatMap(List::stream).toList()));
        }
        PrintWriter out = ctx.out();
        ObjectMapper mapper = new ObjectMapper();
        int described = 0;
        for (var e : named.entrySet()) {
            Optional<FormatDescription> format = FormatDiscovery.describe(e.getKey(), e.getValue(), minMessages);
            if (format.isEmpty()) continue;
            described++;
            if (json) {
                try {
                    out.println(mapper.writeValueAsString(format.get().toJson()));
                } catch (JsonProcessingException ex) {
                    throw new UncheckedIOException(ex);
                }
            } else {
                out.print(format.get().toText());
            }
        }
        if (!json) {
            int flows = named.values().stream().mapToInt(List::size).sum();
            out.printf("%d %s, %d groups, %d with a format (groups of at least %d messages)%s%n", flows, all ? "flows" : "unknown flows", named.size(),
                    described, minMessages, dropped[0] > 0 ? " (" + dropped[0] + " flows beyond " + MAX_FLOWS_PER_GROUP + " per group not read)" : "");
        }
        out.flush();
        ctx.err().flush();
        return status;
    }
}
