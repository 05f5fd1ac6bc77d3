package illusions.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;

/** The report's plots (XChart): time courses with SEM bars per condition, and trajectories per sample. */
public final class Charts {
    private Charts() {}

    /** Iterations drawn per series at most (evenly thinned, the last always kept). */
    static final int MAX_POINTS = 200;

    /** One plot and its title. */
    public record Panel(String title, XYChart chart, String caption) {}

    /** The y-axis label of a measure of the workbench: short, with its unit. */
    static String measureLabel(String measure) {
        return switch (measure) {
            case "edge-darkness" -> "edge-darkness (0 = background, 1 = inducer)";
            case "change" -> "change |x_t - x_0| (intensity)";
            case "induced-stem", "induced-layer1" -> measure + " (activation units)";
            default -> measure;
        } + ", mean +- SEM";
    }

    /** What a measure is, for the caption under its plot. */
    public static String measureCaption(String measure) {
        return switch (measure) {
            case "edge-darkness" -> "edge-darkness: mean over the illusory-edge bands minus mean over parallel background bands of "
                    + "how far each pixel moved from the background grey towards the inducers' colour (0 = background, 1 = inducer).";
            case "change" -> "change: |x_t - x_0| (pixel intensity on [0, 1]), illusory-edge bands minus background bands.";
            case "induced-stem", "induced-layer1" -> measure + ": |sum over channels of a(x_t) - a(x_0)| of that layer, upsampled "
                    + "to the image, illusory-edge bands minus background bands (activation units).";
            default -> measure + ": as recorded in the run's tables.";
        } + " Mean across seeds; bars are the SEM.";
    }

    /**
     * One panel per combination of the grouping columns of a {@code timecourses.csv} (every text
     * column but {@code condition}, the measure included), with one series per condition: the
     * mean across seeds against iteration, with SEM error bars.
     */
    public static List<Panel> timeCourses(Table courses) {
        List<String> keys = new ArrayList<>();
        for (String c : courses.columnNames()) {
            ColumnType t = courses.column(c).type();
            if ((t == ColumnType.STRING) && !c.equals("condition")) keys.add(c);
        }
        // group -> condition -> iteration -> (mean, sem)
        Map<List<String>, Map<String, TreeMap<Double, double[]>>> groups = new LinkedHashMap<>();
        NumberColumn<?, ?> it = (NumberColumn<?, ?>) courses.column("iteration");
        NumberColumn<?, ?> mean = (NumberColumn<?, ?>) courses.column("mean");
        NumberColumn<?, ?> sem = courses.columnNames().contains("sem") ? (NumberColumn<?, ?>) courses.column("sem") : null;
        for (int i = 0; i < courses.rowCount(); i++) {
            List<String> g = new ArrayList<>();
            for (String k : keys) g.add(courses.getString(i, k));
            String cond = courses.getString(i, "condition");
            double e = sem == null || sem.isMissing(i) ? 0 : sem.getDouble(i);
            groups.computeIfAbsent(g, x -> new LinkedHashMap<>()).computeIfAbsent(cond, x -> new TreeMap<>())
                    .put(it.getDouble(i), new double[] {mean.getDouble(i), Double.isFinite(e) ? e : 0});
        }
        List<Panel> panels = new ArrayList<>();
        int measureAt = keys.indexOf("measure");
        for (var g : groups.entrySet()) {
            String title = String.join(", ", g.getKey());
            String measure = measureAt >= 0 ? g.getKey().get(measureAt) : "value";
            XYChart chart = chart(title, "GPI iteration (update steps)", measureLabel(measure));
            for (var c : g.getValue().entrySet()) addSeries(chart, c.getKey(), c.getValue());
            panels.add(new Panel(title, chart, measureCaption(measure)));
        }
        return panels;
    }

    /**
     * {@code column} of a trajectory table (one row per sample, seed and iteration) against
     * iteration: one series per sample label, the mean across its seeds with SEM error bars.
     */
    public static XYChart trajectory(Table t, String column, String title, String yLabel) {
        NumberColumn<?, ?> it = (NumberColumn<?, ?>) t.column("iteration");
        NumberColumn<?, ?> v = (NumberColumn<?, ?>) t.column(column);
        Map<String, TreeMap<Double, List<Double>>> bySample = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (v.isMissing(i)) continue;
            bySample.computeIfAbsent(t.getString(i, "sample"), x -> new TreeMap<>())
                    .computeIfAbsent(it.getDouble(i), x -> new ArrayList<>()).add(v.getDouble(i));
        }
        XYChart chart = chart(title, "GPI iteration (update steps)", yLabel + ", mean +- SEM across seeds");
        for (var s : bySample.entrySet()) {
            TreeMap<Double, double[]> stats = new TreeMap<>();
            for (var e : s.getValue().entrySet()) stats.put(e.getKey(), meanSem(e.getValue()));
            addSeries(chart, s.getKey(), stats);
        }
        return chart;
    }

    static double[] meanSem(List<Double> xs) {
        double m = 0;
        for (double x : xs) m += x;
        m /= xs.size();
        double ss = 0;
        for (double x : xs) ss += (x - m) * (x - m);
        double sem = xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1) / xs.size()) : 0;
        return new double[] {m, sem};
    }

    static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(580).height(380).title(title).xAxisTitle(x).yAxisTitle(y).build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(s.getChartTitleFont().deriveFont(12f));
        chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(11f));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    static void addSeries(XYChart chart, String name, TreeMap<Double, double[]> points) {
        List<Double> keys = new ArrayList<>(points.keySet());
        int stride = Math.max(1, (int) Math.ceil(keys.size() / (double) MAX_POINTS));
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += stride) xs.add(keys.get(i));
        if (!xs.get(xs.size() - 1).equals(keys.get(keys.size() - 1))) xs.add(keys.get(keys.size() - 1));
        double[] x = new double[xs.size()], y = new double[xs.size()], e = new double[xs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xs.get(i);
            y[i] = points.get(xs.get(i))[0];
            e[i] = points.get(xs.get(i))[1];
        }
        String unique = name;
        for (int k = 2; chart.getSeriesMap().containsKey(unique); k++) unique = name + " (" + k + ")";
        XYSeries s = chart.addSeries(unique, x, y, e);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
