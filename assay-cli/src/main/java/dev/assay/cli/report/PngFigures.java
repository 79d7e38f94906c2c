package dev.assay.cli.report;

import dev.assay.ranking.figure.Figure;
import dev.assay.ranking.figure.FigureRenderer;
import dev.assay.ranking.figure.Histogram;
import dev.assay.ranking.figure.TopicDelta;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws {@link Figure}s as 900 x 500 PNG images with JFreeChart in headless mode, in DejaVu Sans:
 * title 17 pt, axis labels 14 pt, ticks and legend 12 pt. Thread-safe (no shared mutable state).
 */
public final class PngFigures implements FigureRenderer {
    static {
        System.setProperty("java.awt.headless", "true"); // before any AWT class loads
    }

    /** Width of every image, pixels. */
    public static final int WIDTH = 900;
    /** Height of every image, pixels. */
    public static final int HEIGHT = 500;
    /** Above this many topics the per-topic chart names no topic on its axis. */
    static final int MAX_TOPIC_LABELS = 40;

    private static final String FONT = "DejaVu Sans";
    private static final Color BARS = new Color(0x4C72B0);
    private static final Color WORSE = new Color(0xC44E52);
    private static final Color BETTER = new Color(0x55A868);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color NEUTRAL = new Color(0x8C8C8C);
    private static final Color[] MARKERS = {new Color(0xC44E52), new Color(0x222222), new Color(0xDD8452)};

    /** A renderer of every figure. */
    public static PngFigures create() {
        return new PngFigures();
    }

    private PngFigures() {}

    @Override
    public List<Rendered> render(List<Figure> figures) {
        List<Rendered> out = new ArrayList<>(figures.size());
        for (Figure f : figures) out.add(new Rendered(f, png(chart(f))));
        return List.copyOf(out);
    }

    static JFreeChart chart(Figure f) {
        JFreeChart chart = switch (f) {
            case Figure.Distribution d -> distribution(d);
            case Figure.SortedDeltas s -> sortedDeltas(s);
            case Figure.Frontier fr -> frontier(fr);
            case Figure.Coverage c -> coverage(c);
        };
        return styled(chart);
    }

    /**
     * {@code chart} in the house style (fonts, white background, light grid, legend below), for a command that draws
     * a chart of its own; {@link #png} encodes it.
     */
    public static JFreeChart styled(JFreeChart chart) {
        theme().apply(chart);
        // the theme replaces series paints; the legend reads them, so set them back from the renderer's own colours
        if (chart.getPlot() instanceof XYPlot xy)
            for (int i = 0; i < xy.getDataset().getSeriesCount(); i++) xy.getRenderer().setSeriesPaint(i, xy.getRenderer().getItemPaint(i, 0));
        if (chart.getPlot() instanceof CategoryPlot cp)
            for (int i = 0; i < cp.getDataset().getRowCount(); i++) cp.getRenderer().setSeriesPaint(i, cp.getRenderer().getItemPaint(i, 0));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getTitle().setFont(new Font(FONT, Font.BOLD, 17));
        if (chart.getLegend() != null) chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private static JFreeChart distribution(Figure.Distribution d) {
        Histogram h = d.histogram();
        double[] edges = h.edges();
        long[] counts = h.counts();
        XYIntervalSeries series = new XYIntervalSeries("bootstrap means");
        for (int i = 0; i < counts.length; i++) {
            double mid = (edges[i] + edges[i + 1]) / 2;
            series.add(mid, edges[i], edges[i + 1], counts[i], 0, counts[i]);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(series);
        XYBarRenderer bars = new XYBarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return BARS; // the theme replaces series paints
            }
        };
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        bars.setDefaultOutlinePaint(Color.WHITE);
        bars.setSeriesPaint(0, BARS);
        NumberAxis x = new NumberAxis(d.xLabel());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("resamples per bin");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, y, bars);
        LegendItemCollection legend = new LegendItemCollection();
        legend.add(new LegendItem("bootstrap means", null, null, null, new Rectangle2D.Double(-5, -5, 10, 10), BARS));
        double lo = edges[0];
        double hi = edges[edges.length - 1];
        int i = 0;
        for (Figure.Marker m : d.markers()) {
            Color c = MARKERS[i % MARKERS.length];
            BasicStroke stroke = i == 1 ? new BasicStroke(2.5f)
                    : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
            i++;
            if (Double.isNaN(m.value())) continue;
            plot.addDomainMarker(new ValueMarker(m.value(), c, stroke));
            lo = Math.min(lo, m.value());
            hi = Math.max(hi, m.value());
            legend.add(new LegendItem(m.label(), null, null, null, new Line2D.Double(-10, 0, 10, 0), c, stroke, c));
        }
        double pad = (hi - lo) * 0.04;
        x.setRange(lo - pad, hi + pad);
        plot.setFixedLegendItems(legend);
        return new JFreeChart(d.title(), plot);
    }

    private static JFreeChart sortedDeltas(Figure.SortedDeltas s) {
        List<TopicDelta> deltas = s.deltas();
        XYIntervalSeries series = new XYIntervalSeries("Δ");
        for (int i = 0; i < deltas.size(); i++) {
            double v = deltas.get(i).delta();
            series.add(i + 1, i + 0.5, i + 1.5, v, Math.min(0, v), Math.max(0, v));
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(series);
        XYBarRenderer bars = new XYBarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                double v = deltas.get(column).delta();
                return v > 0 ? BETTER : v < 0 ? WORSE : NEUTRAL;
            }
        };
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setMargin(deltas.size() > 100 ? 0.0 : 0.15);
        long worse = deltas.stream().filter(t -> t.delta() < 0).count();
        long better = deltas.stream().filter(t -> t.delta() > 0).count();
        NumberAxis x = new NumberAxis(String.format(java.util.Locale.ROOT,
                "topics, ascending by Δ (%d worse, %d tied, %d better)", worse, deltas.size() - worse - better, better));
        x.setRange(0.5, deltas.size() + 0.5);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(s.yLabel());
        XYPlot plot = new XYPlot(data, x, y, bars);
        plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
        if (deltas.size() <= MAX_TOPIC_LABELS) {
            x.setTickLabelsVisible(false);
            x.setTickMarksVisible(false);
            for (int i = 0; i < deltas.size(); i++) {
                TopicDelta t = deltas.get(i);
                XYTextAnnotation label = new XYTextAnnotation(t.topic(), i + 1, 0);
                label.setFont(new Font(FONT, Font.PLAIN, 10));
                label.setRotationAngle(-Math.PI / 2);
                boolean up = t.delta() < 0; // name the topic on the other side of zero from its bar
                label.setTextAnchor(up ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
                label.setRotationAnchor(up ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
                plot.addAnnotation(label);
            }
            double max = Math.max(0, deltas.get(deltas.size() - 1).delta());
            double min = Math.min(0, deltas.get(0).delta());
            double span = Math.max(max - min, 1e-9);
            y.setRange(min - span * 0.35, max + span * 0.35);
        }
        JFreeChart chart = new JFreeChart(s.title(), plot);
        chart.removeLegend();
        return chart;
    }

    private static JFreeChart frontier(Figure.Frontier f) {
        XYSeries all = new XYSeries("configuration", false);
        XYSeries front = new XYSeries("Pareto frontier", true);
        for (Figure.Point p : f.points()) if (!p.frontier()) all.add(p.x(), p.y());
        List<Figure.Point> frontier = f.frontier();
        for (Figure.Point p : frontier) front.add(p.x(), p.y());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(all);
        data.addSeries(front);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return row == 0 ? NEUTRAL : WORSE; // the theme replaces series paints
            }
        };
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(0, NEUTRAL);
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShape(1, new Ellipse2D.Double(-6, -6, 12, 12));
        r.setSeriesPaint(1, WORSE);
        r.setSeriesStroke(1, new BasicStroke(2f));
        NumberAxis x = new NumberAxis(f.xLabel());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(f.yLabel());
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        for (Figure.Point p : frontier) {
            XYTextAnnotation label = new XYTextAnnotation("  " + p.label(), p.x(), p.y());
            label.setFont(new Font(FONT, Font.PLAIN, 11));
            label.setTextAnchor(TextAnchor.TOP_LEFT);
            plot.addAnnotation(label);
        }
        return new JFreeChart(f.title(), plot);
    }

    private static JFreeChart coverage(Figure.Coverage c) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> statuses = c.slices().stream().map(Figure.SliceValue::status).distinct().sorted().toList();
        double lo = c.lower();
        double hi = c.upper();
        for (Figure.SliceValue s : c.slices()) {
            for (String status : statuses) {
                Double v = s.status().equals(status) && !Double.isNaN(s.coverage()) ? s.coverage() : null;
                data.addValue(v, status, s.slice());
            }
            if (!Double.isNaN(s.coverage())) {
                lo = Math.min(lo, s.coverage());
                hi = Math.max(hi, s.coverage());
            }
        }
        LineAndShapeRenderer r = new LineAndShapeRenderer(false, true) {
            @Override
            public Paint getItemPaint(int row, int column) {
                return statusPaint(statuses.get(row)); // the theme replaces series paints
            }
        };
        for (int i = 0; i < statuses.size(); i++) {
            r.setSeriesShape(i, statusShape());
            r.setSeriesPaint(i, statusPaint(statuses.get(i)));
        }
        CategoryAxis x = new CategoryAxis("slice");
        if (c.slices().size() > 8) x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis("measured coverage on test topics (share)");
        double pad = Math.max((hi - lo) * 0.08, 0.005);
        y.setRange(Math.max(0, lo - pad), hi + pad); // above 1 only as room for points at 1
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        IntervalMarker band = new IntervalMarker(c.lower(), c.upper(), new Color(0x55A868), new BasicStroke(0f), null, null, 0.18f);
        band.setLabel("acceptance band");
        band.setLabelFont(new Font(FONT, Font.PLAIN, 11));
        band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        band.setLabelPaint(Color.DARK_GRAY);
        plot.addRangeMarker(band, org.jfree.chart.ui.Layer.BACKGROUND);
        ValueMarker nominal = new ValueMarker(c.nominal(), Color.DARK_GRAY,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        nominal.setLabel("nominal " + c.nominal());
        nominal.setLabelFont(new Font(FONT, Font.PLAIN, 11));
        nominal.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        nominal.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        nominal.setLabelPaint(Color.DARK_GRAY);
        nominal.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        plot.addRangeMarker(nominal);
        return new JFreeChart(c.title(), plot);
    }

    private static Paint statusPaint(String status) {
        return switch (status) {
            case "OK" -> BETTER;
            case "OUT_OF_BAND" -> WORSE;
            default -> NEUTRAL;
        };
    }

    private static Shape statusShape() {
        return new Ellipse2D.Double(-6, -6, 12, 12);
    }

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("assay");
        t.setExtraLargeFont(new Font(FONT, Font.BOLD, 17));
        t.setLargeFont(new Font(FONT, Font.PLAIN, 14));
        t.setRegularFont(new Font(FONT, Font.PLAIN, 12));
        t.setSmallFont(new Font(FONT, Font.PLAIN, 11));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setPlotOutlinePaint(GRID);
        t.setAxisLabelPaint(Color.BLACK);
        t.setTickLabelPaint(Color.BLACK);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setShadowVisible(false);
        t.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        return t;
    }

    /** {@code chart} as a {@value #WIDTH} x {@value #HEIGHT} PNG. */
    public static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
