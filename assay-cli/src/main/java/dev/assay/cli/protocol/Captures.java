package dev.assay.cli.protocol;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.protocol.capture.CaptureStats;
import dev.assay.protocol.flow.CaptureSummary;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/** How the protocol commands read their captures: one way of naming a file that cannot be read, and of finding nDPI's labels. */
final class Captures {
    private Captures() {}

    /** Code 0 in the help of a command that reads captures, and its second line. */
    static final String HELP_OK = "  0   done as asked, also when a capture is cut short: its flows up to the cut";
    static final String HELP_OK_CUT = "      are reported, and one line on stderr names the byte offset of the cut";
    /** Code 2 in the help of a command that reads captures, and its second line, which the command ends. */
    static final String HELP_UNREADABLE = "  2   bad usage, or a capture that cannot be read (not a capture, a broken";
    static final String HELP_UNREADABLE_WHY = "      record, a link type none of its packets can be decoded in): one line on";

    /** What a command does with one capture: the sink of its flows, and what follows once it is read. */
    interface PerFile {
        /** The sink of {@code file}'s flows; called before the file is read. */
        Consumer<FlowSample> start(Path file) throws IOException;

        /** Called after {@code file} was read whole. */
        default void end(Path file, CaptureSummary summary) {}
    }

    /**
     * Reads every file into flows under {@code limits}; a file that cannot be read (not a capture, a broken record, a
     * link type none of its packets can be decoded in) is named on stderr (with the byte offset of the problem when
     * there is one) and the others are still read. A file cut short is read up to the cut and named on stderr in one
     * line with the byte offset where it stops being readable ({@link #cutShort}); a pcapng file with some packets on
     * interfaces of a link type that cannot be decoded gets one line saying how many were skipped. Neither changes
     * the exit status: what was read is valid. Progress, when there are several files, runs over their total bytes.
     * Returns {@link ExitCodes#OK}, or {@link ExitCodes#USAGE} when a file could not be read.
     */
    static int read(CliContext ctx, List<Path> files, Progress progress, FlowLimits limits, PerFile perFile) {
        int status = ExitCodes.OK;
        long total = 0;
        for (Path file : files) total += size(file);
        Progress shown = files.size() > 1 ? progress : Progress.none();
        try (var task = shown.start("reading captures (bytes)", total)) {
            for (Path file : files) {
                String name = file.toString();
                long size = size(file);
                long[] stepped = new long[1];
                try {
                    if (!Files.isRegularFile(file)) throw new NoSuchFileException(name);
                    Consumer<FlowSample> sink = perFile.start(file);
                    CaptureSummary s;
                    try (InputStream in = new Counting(Files.newInputStream(file), n -> {
                        long step = Math.min(n, size - stepped[0]);
                        if (step > 0) {
                            stepped[0] += step;
                            task.step(step);
                        }
                    })) {
                        s = FlowTable.create(limits, sink).read(in, name);
                    }
                    perFile.end(file, s);
                    notes(name, s.capture()).forEach(ctx.err()::println);
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
                ctx.err().flush();
                if (size > stepped[0]) task.step(size - stepped[0]);
            }
        }
        ctx.err().flush();
        return status;
    }

    /** The lines stderr gets about a capture read with a part left out: where it was cut short, packets of link types skipped. */
    static List<String> notes(String name, CaptureStats stats) {
        List<String> notes = new ArrayList<>(2);
        if (stats.cut() != null) notes.add(cutShort(name, stats.cut()));
        if (!stats.unknownLinkTypes().isEmpty()) {
            long packets = stats.unknownLinkTypes().values().stream().mapToLong(Long::longValue).sum();
            String types = stats.unknownLinkTypes().size() == 1
                    ? "link type " + stats.unknownLinkTypes().keySet().iterator().next()
                    : "link types " + new TreeMap<>(stats.unknownLinkTypes()).entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .collect(Collectors.joining(", "));
            notes.add("assay: " + name + ": " + packets + (packets == 1 ? " packet" : " packets") + " skipped on " + types
                    + ", which this reader does not decode; the flows of the other interfaces are reported");
        }
        return notes;
    }

    /** {@code assay: FILE: cut short at byte N (what the record there claims); flows up to there are reported}. */
    static String cutShort(String name, CaptureStats.Cut cut) {
        return "assay: " + name + ": " + cut + "; flows up to there are reported";
    }

    /** The file's size in bytes; 0 when it is not a regular file or cannot be sized (reading it will say why). */
    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A stream that reports how many bytes each read gave. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer read;

        Counting(InputStream in, LongConsumer read) {
            super(in);
            this.read = read;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) read.accept(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) read.accept(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            if (k > 0) read.accept(k);
            return k;
        }
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
