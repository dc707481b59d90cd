package io.reattach.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.reattach.it.harness.Client;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Layout;

/**
 * What the benchmarks share: their settings (system properties, which failsafe passes on from the {@code mvn} command
 * line), medians, the machine's description, and the report, printed and written to
 * {@code agent-it/tests/target/bench/<name>.txt}.
 *
 * <p>The benchmark classes are named {@code *Benchmark}, which neither surefire's nor failsafe's default includes
 * match: {@code mvn verify} never runs them; {@code -Dit.test=<Name>Benchmark} does (see BENCHMARKS.md). They assert
 * nothing about speed: a run fails only when the application under test could not do its job.
 */
final class Bench {

    /**
     * The application JVM's options after the harness's own: the harness starts applications with C1 only and the
     * serial collector, to start quickly; a benchmark measures what users run, the JDK's defaults (tiered compilation
     * up to C2, G1 on this machine). The heap stays at the harness's {@code -Xmx256m}.
     */
    static final String[] JDK_DEFAULTS = {"-XX:TieredStopAtLevel=4", "-XX:-UseSerialGC", "-XX:+UseG1GC"};

    private Bench() {
    }

    /** {@code -Dbench.appJvmArgs}: more options for the application's JVM, separated by spaces, for a diagnosis. */
    static String[] appJvmArgs() {
        return jvmArgs("bench.appJvmArgs");
    }

    /** The JVM options a system property gives, separated by spaces; none when it is not set. */
    static String[] jvmArgs(String property) {
        String spec = System.getProperty(property, "").trim();
        return spec.isEmpty() ? new String[0] : spec.split("\\s+");
    }

    static int intProperty(String name, int defaultValue) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? defaultValue : Integer.parseInt(v.trim());
    }

    /** The clients named by {@code -Dreattach.it.clients}, or {@code defaults} when it is not set. */
    static List<Client> clients(List<Client> defaults) {
        String spec = System.getProperty(Client.SELECT_PROPERTY, "").trim();
        return spec.isEmpty() ? defaults : Client.selected().collect(Collectors.toList());
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.removeIf(d -> d == null || d.isNaN());
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** Resamples of each list that the intervals below draw. */
    static final int RESAMPLES = 10_000;

    /**
     * A 95% interval for {@code median(a) - median(b)}: the percentile bootstrap, each list resampled with replacement
     * {@value #RESAMPLES} times, with a fixed seed so that the same runs give the same report. It answers what a median
     * alone cannot: whether two mechanisms differ by more than their rounds spread. An interval that holds 0 says the
     * rounds cannot tell them apart; one that does not, which of the two is ahead. {@code {NaN, NaN}} when either list
     * is empty.
     */
    static double[] medianDifferenceInterval(List<Double> a, List<Double> b) {
        return bootstrap(a, b, (x, y) -> x - y);
    }

    /**
     * A 95% interval for {@code median(a) / median(b)}, drawn as {@link #medianDifferenceInterval} draws: for a
     * throughput aim stated as a ratio ("at least 0.97 of no agent"), met when the whole interval is at or above it,
     * missed when the whole interval is below it, and not told by these rounds otherwise.
     */
    static double[] medianRatioInterval(List<Double> a, List<Double> b) {
        return bootstrap(a, b, (x, y) -> x / y);
    }

    /** A 95% interval for {@code median(a)} alone (say, of the with/without ratios of back-to-back pairs). */
    static double[] medianInterval(List<Double> a) {
        List<Double> x = finite(a);
        return x.isEmpty() ? new double[] {Double.NaN, Double.NaN} : percentiles(random -> median(resample(x, random)));
    }

    /** The percentile bootstrap of {@code statistic(median(a), median(b))}. */
    private static double[] bootstrap(List<Double> a, List<Double> b, DoubleBinaryOperator statistic) {
        List<Double> x = finite(a);
        List<Double> y = finite(b);
        if (x.isEmpty() || y.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return percentiles(random -> statistic.applyAsDouble(median(resample(x, random)), median(resample(y, random))));
    }

    /** The 2.5th and 97.5th percentiles of {@value #RESAMPLES} draws, with a fixed seed. */
    private static double[] percentiles(ToDoubleFunction<Random> draw) {
        Random random = new Random(1);
        double[] values = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            values[r] = draw.applyAsDouble(random);
        }
        Arrays.sort(values);
        return new double[] {values[(int) (0.025 * RESAMPLES)], values[(int) (0.975 * RESAMPLES) - 1]};
    }

    /** An aim of "at least": met when the whole interval is at or above it, missed when all of it is below. */
    static String verdictAtLeast(double[] interval, double aim) {
        if (Double.isNaN(interval[0])) {
            return "no runs";
        }
        return interval[0] >= aim ? "met" : interval[1] < aim ? "not met" : "these rounds cannot tell";
    }

    /** An aim of "at most": met when the whole interval is at or below it, missed when all of it is above. */
    static String verdictAtMost(double[] interval, double aim) {
        if (Double.isNaN(interval[0])) {
            return "no runs";
        }
        return interval[1] <= aim ? "met" : interval[0] > aim ? "not met" : "these rounds cannot tell";
    }

    private static List<Double> finite(List<Double> values) {
        return values.stream().filter(d -> d != null && !d.isNaN()).collect(Collectors.toList());
    }

    /** As many values as {@code from} has, each drawn from it at random. */
    private static List<Double> resample(List<Double> from, Random random) {
        List<Double> drawn = new ArrayList<>(from.size());
        for (int i = 0; i < from.size(); i++) {
            drawn.add(from.get(random.nextInt(from.size())));
        }
        return drawn;
    }

    static double min(List<Double> values) {
        return values.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String f0(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.0f", d);
    }

    static String f1(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }

    static String f2(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String list(List<Double> values, java.util.function.DoubleFunction<String> format) {
        return values.stream().map(d -> format.apply(d)).collect(Collectors.joining(" "));
    }

    /** nproc, memory, CPU model, JDK, date and load: the header of every report. */
    static String machine() {
        String cpu = "?";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> l.replaceAll("\\D+", "")).map(kb -> (Long.parseLong(kb) / 1024) + " MiB")
                    .orElse("?");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the question marks
        }
        return "machine: nproc=" + Runtime.getRuntime().availableProcessors() + ", memory " + mem + ", CPU " + cpu
                + System.lineSeparator() + "JDK: " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " (" + Jdk.DEFAULT.home() + ")"
                + System.lineSeparator() + "date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + load();
    }

    /** The load averages (1, 5, 15 minutes): how busy the machine was. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "load average ?";
        }
    }

    /** Lines printed at once and appended to {@code agent-it/tests/target/bench/<name>.txt}, started afresh per run. */
    static final class Report {
        private final Path file;

        Report(String name) {
            this.file = Layout.target().resolve("bench").resolve(name + ".txt");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path file() {
            return file;
        }

        synchronized void line(String text) {
            System.out.println(text);
            System.out.flush();
            try {
                Files.writeString(file, text + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
