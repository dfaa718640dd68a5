package io.channelpulse.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one live row outside the suite, for profiling and sizing: {@code LiveBenchRun P4 [DAYS
 * OUTLETS]}, {@code LiveBenchRun P3 [SECONDS_PER_MODE]}, {@code LiveBenchRun P5 [N SOAK_SECONDS]};
 * {@code -Dbench.timeout.minutes} (default 30) caps it. Not a test.
 */
public final class LiveBenchRun {

    public static void main(String[] args) throws Exception {
        Benchmark b = switch (args[0]) {
            case "P4" -> args.length > 2
                    ? new LiveReadBenchmark(Duration.ofDays(Long.parseLong(args[1])), Integer.parseInt(args[2]))
                    : new LiveReadBenchmark();
            case "P3" -> args.length > 1
                    ? new LiveLatencyBenchmark(Duration.ofSeconds(Long.parseLong(args[1])), args.length > 2 ? Double.parseDouble(args[2]) : 0)
                    : new LiveLatencyBenchmark();
            case "P5" -> args.length > 1 ? new StateSizeBenchmark(Integer.parseInt(args[1])) : new StateSizeBenchmark();
            default -> throw new IllegalArgumentException(args[0]);
        };
        Duration soak = Duration.ofSeconds(args.length > 2 && args[0].equals("P5") ? Long.parseLong(args[2]) : 1800);
        BenchContext context = new BenchContext(Path.of(System.getProperty("java.io.tmpdir"), "pulse-bench"), null,
                Duration.ofMinutes(Long.getLong("bench.timeout.minutes", 30)), soak);
        long start = System.nanoTime();
        BenchResult result = b.run(context);
        System.out.printf("%s %s: %s (goal %s, met %s) in %.1f s%n  %s%n", result.id(), result.status(), result.value(),
                b.goal(), result.goalMet(), (System.nanoTime() - start) / 1e9, result.detail());
        System.exit(0);
    }
}
