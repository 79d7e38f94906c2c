package dev.assay.protocol.labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads nDPI's expected output files ({@code tests/cfgs/default/result/<capture>.out}). Only the
 * flow lines count: a tab, the flow number, a tab, then
 * {@code L4 A <->|-> B ... [proto: IDS/NAME] ... [Confidence: TEXT]}; every other line (summary
 * counters, per-host tables) is skipped. The name splits at its first dot into master and
 * application; an application of nDPI's custom test rules ({@code TLS.CustomProtocolA}) is
 * dropped, keeping the master.
 */
public final class NdpiResults {
    private NdpiResults() {}

    static final Pattern FLOW = Pattern.compile(
            "^\\t(\\d+)\\t(\\S+) (\\S+) (<->|->) (\\S+) .*?\\[proto: ([^\\]]+)\\].*?\\[Confidence: ([^\\]]+)\\]");

    /** Every flow line of a result file's text, in file order. */
    public static List<NdpiFlow> parse(String text) {
        List<NdpiFlow> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = FLOW.matcher(line);
            if (!m.find()) continue;
            String proto = m.group(6);
            int slash = proto.indexOf('/');
            String ids = slash < 0 ? "" : proto.substring(0, slash);
            String name = slash < 0 ? proto : proto.substring(slash + 1);
            int dot = name.indexOf('.');
            String master = dot < 0 ? name : name.substring(0, dot);
            Optional<String> app = dot < 0 ? Optional.empty() : Optional.of(name.substring(dot + 1));
            if (app.isPresent() && app.get().startsWith("CustomProtocol")) app = Optional.empty();
            out.add(new NdpiFlow(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(5), m.group(4).equals("<->"),
                    ids, master, app, m.group(7)));
        }
        return List.copyOf(out);
    }

    /** The flow lines of a result file (read as UTF-8, malformed bytes replaced: some captures are fuzzed). */
    public static List<NdpiFlow> read(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * What matches a labelled flow with a captured one: the transport as nDPI names it and the two ends in either
     * order ({@code Endpoint}'s text, so two spellings of one IPv6 address agree).
     */
    public static String matchKey(String l4, dev.assay.protocol.flow.Endpoint a, dev.assay.protocol.flow.Endpoint b) {
        String x = a.toString();
        String y = b.toString();
        return l4 + " " + (x.compareTo(y) <= 0 ? x + " " + y : y + " " + x);
    }

    /** The flows whose labels are worth scoring against ({@link NdpiFlow#trusted()}). */
    public static List<NdpiFlow> trusted(List<NdpiFlow> flows) {
        return flows.stream().filter(NdpiFlow::trusted).toList();
    }
}
