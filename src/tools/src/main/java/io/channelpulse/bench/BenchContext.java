package io.channelpulse.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every benchmark gets from the suite.
 *
 * @param workDir a directory the benchmark may fill (generated histories are cached under it)
 * @param jar the runnable {@code channel-pulse.jar}, for benchmarks that measure a child JVM
 * @param timeout the most one benchmark may take; past it, it reports {@link BenchResult.Status#TIMED_OUT}
 * @param soak how long soak measurements run (P5)
 */
public record BenchContext(Path workDir, Path jar, Duration timeout, Duration soak) {}
