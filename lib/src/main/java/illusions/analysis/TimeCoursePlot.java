package illusions.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * A measure against GPI iteration, one line per condition with SEM error bars, from the
 * {@link EffectTable#timeCourses} table (XChart, PNG).
 */
public final class TimeCoursePlot {
    private TimeCoursePlot() {}

    /**
     * @param courses rows of {@link EffectTable#timeCourses} already filtered to one panel (one
     *                model, loss, geometry, polarity and measure)
     */
    public static XYChart chart(Table courses, String title, String yLabel) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("GPI iteration")
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(4);
        Set<String> conditions = new LinkedHashSet<>(courses.stringColumn("condition").asList());
        for (String c : conditions) {
            Table t = courses.where(courses.stringColumn("condition").isEqualTo(c)).sortAscendingOn("iteration");
            double[] x = t.intColumn("iteration").asDoubleArray();
            double[] y = t.doubleColumn("mean").asDoubleArray();
            double[] e = t.doubleColumn("sem").asDoubleArray();
            for (int i = 0; i < e.length; i++) if (!Double.isFinite(e[i])) e[i] = 0;
            XYSeries s = chart.addSeries(c, x, y, e);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Writes the chart as a PNG, atomically. */
    public static void write(XYChart chart, Path png) throws IOException {
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String stem = png.getFileName().toString().replaceAll("\\.png$", "");
        Path base = dir.resolve(".tmp-" + stem);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG); // appends .png
        Path made = Path.of(base + ".png");
        try {
            Files.move(made, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(made);
        }
    }

    /** Keeps the rows whose string columns equal the given values (pairs of column name, value). */
    public static Table select(Table t, List<String> columnsAndValues) {
        Table r = t;
        for (int i = 0; i < columnsAndValues.size(); i += 2) {
            r = r.where(r.stringColumn(columnsAndValues.get(i)).isEqualTo(columnsAndValues.get(i + 1)));
        }
        return r;
    }
}
