package io.channelpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on and how busy it was, for the results file. */
final class MachineLoad {

    private MachineLoad() {}

    /** The 1, 5 and 15 minute load averages, e.g. {@code 3.12 2.80 2.01}; "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Cores, memory and Java, in one line. */
    static String machine() {
        long memory = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("[^0-9]", "")) >> 20;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return String.format("%d cores, %s GiB memory, Java %s (%s)", Runtime.getRuntime().availableProcessors(),
                memory < 0 ? "?" : Long.toString(memory), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }
}
