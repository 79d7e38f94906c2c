package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.learn.LabelledFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * nDPI's test captures as labelled flows ({@code DATA/pcap/<file>} with {@code DATA/result/<file>.out}), split by
 * FILE into the core set ({@code DATA/core-set.tsv}: what accuracy is reported on) and the rest (what models train on).
 */
final class ProtocolCorpus {
    private ProtocolCorpus() {}

    /** The core set's capture names, in the order of core-set.tsv. */
    static List<String> coreFiles(Path data) throws IOException {
        Set<String> files = new LinkedHashSet<>();
        for (String line : Files.readAllLines(data.resolve("core-set.tsv"))) {
            if (!line.isBlank() && !line.startsWith("#")) files.add(line.split("\t")[0]);
        }
        return List.copyOf(files);
    }

    /** Every capture with an expected result that is not in the core set, sorted by name. */
    static List<String> otherFiles(Path data) throws IOException {
        Set<String> core = Set.copyOf(coreFiles(data));
        try (var s = Files.list(data.resolve("pcap"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !core.contains(n))
                    .filter(n -> Files.exists(data.resolve("result").resolve(n + ".out"))).sorted().toList();
        }
    }

    /** The trusted-labelled flows of the files; an unreadable capture is named on stderr and skipped. Progress on stderr. */
    static List<LabelledFlow> labelled(Path data, List<String> files, String task) throws IOException {
        List<LabelledFlow> out = new ArrayList<>();
        int done = 0;
        for (String name : files) {
            Path result = data.resolve("result").resolve(name + ".out");
            if (Files.exists(result)) {
                try {
                    out.addAll(LabelledFlow.fromNdpi(data.resolve("pcap").resolve(name), result, FlowLimits.defaults()));
                } catch (InvalidInputException e) {
                    System.err.println(task + ": skipped " + name + ": " + e.getMessage());
                }
            }
            if (++done % 50 == 0 || done == files.size()) System.err.printf("%s: read %d of %d captures, %d labelled flows%n", task, done, files.size(), out.size());
        }
        return out;
    }
}
