package dev.assay.cli.report;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.figure.Figure;
import dev.assay.ranking.figure.FigureRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Figures written beside a Markdown report {@code NAME.md}: in the folder {@code NAME-figures} next to
 * it, which {@link #dir()} names relative to the report for its links.
 */
public record ReportFigures(String dir, List<Figure> written) {
    public ReportFigures {
        written = List.copyOf(written);
    }

    /** No figures (figures turned off): the report links none. */
    public static final ReportFigures NONE = new ReportFigures("", List.of());

    /** The folder name used beside {@code report}: its file name without {@code .md}, then {@code -figures}. */
    public static String folderFor(Path report) {
        String name = report.getFileName().toString();
        return (name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + "-figures";
    }

    /**
     * Draws {@code figures} with {@code renderer} and writes each PNG into {@link #folderFor} beside
     * {@code report} (created if absent, files replaced). {@link FigureRenderer#NONE} writes nothing.
     */
    public static ReportFigures write(Path report, List<Figure> figures, FigureRenderer renderer) throws IOException {
        List<FigureRenderer.Rendered> drawn = renderer.render(figures);
        if (drawn.isEmpty()) return NONE;
        String folder = folderFor(report);
        Path parent = report.toAbsolutePath().getParent();
        Path dir = parent.resolve(folder);
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new InvalidInputException("cannot write the report's figures: " + dir + " exists and is not a directory");
        Files.createDirectories(dir);
        for (FigureRenderer.Rendered r : drawn) Files.write(dir.resolve(r.figure().file()), r.png());
        return new ReportFigures(folder, drawn.stream().map(FigureRenderer.Rendered::figure).toList());
    }

    /** The renderer for a command's {@code --no-figures}: {@link FigureRenderer#NONE} when set, PNGs otherwise. */
    public static FigureRenderer renderer(boolean noFigures) {
        return noFigures ? FigureRenderer.NONE : PngFigures.create();
    }
}
