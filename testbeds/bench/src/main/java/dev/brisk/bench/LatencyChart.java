package dev.brisk.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Grouped bars of latencies on a log scale, one label per decade: the benchmark's plot and the comparison's. */
final class LatencyChart {
    private static final Color[] SERIES = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0xc53030)};

    private LatencyChart() {
    }

    /** Writes the chart of {@code data} (values in ms, {@code lo}..{@code hi} their range) as a PNG. */
    static void write(Path file, String title, String axisLabel, DefaultCategoryDataset data, double lo, double hi)
            throws IOException {
        CategoryAxis x = new CategoryAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        LogAxis y = new LogAxis(axisLabel);
        y.setSmallestValue(0.001);
        y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        if (hi > 0) { // from the decade below the fastest to above the slowest
            y.setRange(Math.pow(10, Math.floor(Math.log10(Math.max(0.001, lo)))), hi * 2);
            y.setAutoTickUnitSelection(false);
            y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        }
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        for (int i = 0; i < SERIES.length; i++) {
            bars.setSeriesPaint(i, SERIES[i]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 600);
    }
}
