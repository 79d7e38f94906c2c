package dev.assay.cli.protocol;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.protocol.flow.CaptureSummary;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** How the protocol commands read their captures: one way of naming a file that cannot be read, and of finding nDPI's labels. */
final class Captures {
    private Captures() {}

    /** What a command does with one capture: the sink of its flows, and what follows once it is read. */
    interface PerFile {
        /** The sink of {@code file}'s flows; called before the file is read. */
        Consumer<FlowSample> start(Path file) throws IOException;

        /** Called after {@code file} was read whole. */
        default void end(Path file, CaptureSummary summary) {}
    }

    /**
     * Reads every file into flows under {@code limits}; a file that cannot be read is named on stderr (with the byte
     * offset of the problem when there is one) and the others are still read. Progress counts files when there are
     * several. Returns {@link ExitCodes#OK}, or {@link ExitCodes#USAGE} when a file could not be read.
     */
    static int read(CliContext ctx, List<Path> files, Progress progress, FlowLimits limits, PerFile perFile) {
        int status = ExitCodes.OK;
        Progress shown = files.size() > 1 ? progress : Progress.none();
        try (var task = shown.start("reading captures", files.size())) {
            for (Path file : files) {
                String name = file.toString();
                try {
                    if (!Files.isRegularFile(file)) throw new NoSuchFileException(name);
                    Consumer<FlowSample> sink = perFile.start(file);
                    CaptureSummary s = FlowTable.create(limits, sink).read(file);
                    perFile.end(file, s);
                } catch (InvalidInputException e) {
                    ctx.err().println("assay: " + e.getMessage());
                    status = ExitCodes.USAGE;
                } catch (NoSuchFileException e) {
                    ctx.err().println("assay: " + name + ": no such file");
                    status = ExitCodes.USAGE;
                } catch (IOException e) {
                    ctx.err().println("assay: " + name + ": cannot be read: " + e.getMessage());
                    status = ExitCodes.USAGE;
                }
                ctx.out().flush();
                task.step(1);
            }
        }
        ctx.err().flush();
        return status;
    }

    /**
     * nDPI's labels of {@code capture}'s flows from {@code labels}/{@code <capture name>.out}, the ones it is sure of
     * ({@link NdpiResults#trusted}), by flow key ({@link #key}); empty when there is no such file.
     */
    static Optional<Map<String, String>> labels(Path labels, Path capture, Function<NdpiFlow, String> label) throws IOException {
        Path result = labels.resolve(capture.getFileName() + ".out");
        if (!Files.isRegularFile(result)) return Optional.empty();
        Map<String, String> expected = new HashMap<>();
        for (NdpiFlow f : NdpiResults.trusted(NdpiResults.read(result))) expected.putIfAbsent(NdpiResults.matchKey(f.l4(), f.endpointA(), f.endpointB()), label.apply(f));
        return Optional.of(expected);
    }

    /** The key {@link #labels} are found by. */
    static String key(FlowSample flow) {
        return NdpiResults.matchKey(flow.l4().name(), flow.a(), flow.b());
    }
}
