package dev.assay.ranking.figure;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The data of one figure beside a report, with its file name, title and axis labels (units included). */
public sealed interface Figure {
    /** The PNG's file name: lower-case letters, digits, {@code . _ -}, ending in {@code .png}. */
    String file();

    /** The title drawn on the figure and used as the image's alt text. */
    String title();

    /** A histogram of bootstrap replicates with vertical lines at named values (bound, estimate, threshold). */
    record Distribution(String file, String title, String xLabel, Histogram histogram, List<Marker> markers) implements Figure {
        public Distribution {
            requireCommon(file, title);
            Objects.requireNonNull(xLabel, "xLabel");
            Objects.requireNonNull(histogram, "histogram");
            markers = List.copyOf(markers);
        }
    }

    /** A named value drawn as a vertical line; a NaN value is not drawn. */
    record Marker(String label, double value) {
        public Marker {
            Objects.requireNonNull(label, "label");
        }
    }

    /** Per-topic deltas as bars, ascending (as {@link TopicDelta#sorted} orders them). */
    record SortedDeltas(String file, String title, String yLabel, List<TopicDelta> deltas) implements Figure {
        public SortedDeltas {
            requireCommon(file, title);
            Objects.requireNonNull(yLabel, "yLabel");
            deltas = List.copyOf(deltas);
            for (int i = 1; i < deltas.size(); i++)
                if (deltas.get(i).delta() < deltas.get(i - 1).delta())
                    throw new IllegalArgumentException("deltas must be ascending, but " + deltas.get(i) + " follows " + deltas.get(i - 1));
        }
    }

    /** Measured points in (x, y), the Pareto-optimal ones marked {@link Point#frontier()}. */
    record Frontier(String file, String title, String xLabel, String yLabel, List<Point> points) implements Figure {
        public Frontier {
            requireCommon(file, title);
            Objects.requireNonNull(xLabel, "xLabel");
            Objects.requireNonNull(yLabel, "yLabel");
            points = List.copyOf(points);
        }

        /** The frontier's points, by x ascending. */
        public List<Point> frontier() {
            return points.stream().filter(Point::frontier).sorted(java.util.Comparator.comparingDouble(Point::x)).toList();
        }
    }

    /** One measured configuration: its label ("ef 40, k 10"), x, y and whether it is on the frontier. */
    record Point(String label, double x, double y, boolean frontier) {
        public Point {
            Objects.requireNonNull(label, "label");
            if (!Double.isFinite(x) || !Double.isFinite(y))
                throw new IllegalArgumentException("point " + label + " must be finite, but was (" + x + ", " + y + ")");
        }
    }

    /** Measured coverage per slice against the nominal level and its acceptance band [lower, upper]. */
    record Coverage(String file, String title, List<SliceValue> slices, double nominal, double lower, double upper) implements Figure {
        public Coverage {
            requireCommon(file, title);
            slices = List.copyOf(slices);
            if (!(lower <= nominal && nominal <= upper))
                throw new IllegalArgumentException("band must hold the nominal level, but was [" + lower + ", " + upper + "] around " + nominal);
        }
    }

    /** One slice's measured coverage (NaN without test points) and its status as the report names it. */
    record SliceValue(String slice, double coverage, String status) {
        public SliceValue {
            Objects.requireNonNull(slice, "slice");
            Objects.requireNonNull(status, "status");
        }
    }

    /** {@code prefix-name.png} with every character outside {@code [a-z0-9._-]} of the lower-cased name replaced by {@code -}. */
    static String fileName(String prefix, String name) {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return prefix + "-" + safe + ".png";
    }

    /**
     * A Markdown section {@code ## Figures} linking each figure as {@code ![title](dir/file)}, or "" when
     * there are none; {@code dir} is relative to the report (spaces are written {@code %20}).
     */
    static String markdownSection(List<Figure> figures, String dir) {
        if (figures.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n## Figures\n\n");
        String base = dir.isEmpty() ? "" : dir.replace(" ", "%20") + "/";
        for (Figure f : figures) sb.append("![").append(f.title().replace("]", "\\]")).append("](").append(base).append(f.file()).append(")\n\n");
        return sb.toString();
    }

    private static void requireCommon(String file, String title) {
        Objects.requireNonNull(title, "title");
        if (file == null || !FILE.matcher(file).matches())
            throw new IllegalArgumentException("figure file must match " + FILE.pattern() + ", but was " + file);
    }

    /** What {@link #file()} must match. */
    Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.png");
}
