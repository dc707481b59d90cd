package io.reattach.it.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The reconnect storm's chart: attempts at the broker per 100 ms (above) and the share of connections back (below),
 * against the seconds since the clients lost the broker, one colour per schedule, a dashed line where it was back. Also the
 * same figures as CSV.
 */
final class StormChart {

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private StormChart() {
    }

    /** Writes {@code base}.png and {@code base}.csv. */
    static void write(List<ReconnectStormBenchmark.Storm> storms, long binMillis, Path base) {
        XYSeriesCollection attempts = new XYSeriesCollection();
        XYSeriesCollection back = new XYSeriesCollection();
        List<String> csv = new ArrayList<>();
        csv.add("series,second,attempts_per_100ms,connections_back_percent");
        for (ReconnectStormBenchmark.Storm s : storms) {
            XYSeries a = new XYSeries(s.series.label);
            XYSeries b = new XYSeries(s.series.label);
            int[] bins = s.bins();
            List<Long> sorted = new ArrayList<>(s.back);
            Collections.sort(sorted);
            int j = 0;
            for (int i = 0; i < bins.length; i++) {
                double second = i * binMillis / 1000.0;
                long end = (i + 1) * binMillis;
                while (j < sorted.size() && sorted.get(j) < end) {
                    j++;
                }
                double percent = sorted.isEmpty() ? 0 : 100.0 * j / sorted.size();
                a.add(second, bins[i]);
                b.add(second, percent);
                csv.add(String.format(Locale.ROOT, "\"%s\",%.1f,%d,%.1f", s.series.label, second, bins[i], percent));
            }
            attempts.addSeries(a);
            back.addSeries(b);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the clients lost the broker (dashed: the broker is back)"));
        plot.add(plot(attempts, "attempts per 100 ms", storms), 3);
        XYPlot backPlot = plot(back, "connections back (%)", storms);
        backPlot.getRenderer().setDefaultSeriesVisibleInLegend(false); // the same series as above: one legend
        plot.add(backPlot, 2);
        JFreeChart chart = new JFreeChart("Reconnect storm: " + storms.get(0).back.size() + " connections lose their broker",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(base.resolveSibling(base.getFileName() + ".png").toFile(), chart, 1000, 640);
            Files.write(base.resolveSibling(base.getFileName() + ".csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYPlot plot(XYSeriesCollection data, String label, List<ReconnectStormBenchmark.Storm> storms) {
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot plot = new XYPlot(data, null, new NumberAxis(label), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int i = 0; i < storms.size(); i++) {
            ValueMarker marker = new ValueMarker(storms.get(i).brokerBack / 1000.0, COLOURS[i % COLOURS.length],
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 4f}, 0f));
            plot.addDomainMarker(marker);
        }
        return plot;
    }
}
