package dev.assay.ranking.figure;

import java.util.List;
import java.util.Objects;

/** Draws figures as PNG images; {@link #NONE} draws none (figures turned off). */
@FunctionalInterface
public interface FigureRenderer {
    /** Draws nothing. */
    FigureRenderer NONE = figures -> List.of();

    /** Each figure drawn, in the order given. */
    List<Rendered> render(List<Figure> figures);

    /** A figure and its PNG bytes. */
    record Rendered(Figure figure, byte[] png) {
        public Rendered {
            Objects.requireNonNull(figure, "figure");
            if (png == null || png.length == 0) throw new IllegalArgumentException("png of " + figure.file() + " must not be empty");
        }
    }
}
