package io.channelpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.cli.ChannelPulseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} end to end on a tiny history (about 6,000 records), with the packaged jar in child
 * JVMs: what it prints and its exit code, not how fast it is. The timeout is generous because a
 * loaded machine can take minutes for a JVM and MiniCluster start.
 */
class BenchCommandTest {

    @TempDir
    static Path workDir;

    static Path jar;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void findJar() {
        // The shaded jar is packaged at process-classes, before the tests, at the top-level target/.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("target/channel-pulse.jar");
            if (Files.isRegularFile(candidate)) {
                jar = candidate;
                return;
            }
        }
        throw new IllegalStateException("target/channel-pulse.jar not found above " + Path.of("").toAbsolutePath());
    }

    private int bench(String... args) {
        CommandLine cmd = ChannelPulseCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 7];
        System.arraycopy(new String[] {"bench", "--events", "5000", "--jar", jar.toString(), "--work-dir", workDir.toString()}, 0, all, 0, 7);
        System.arraycopy(args, 0, all, 7, args.length);
        return cmd.execute(all);
    }

    @Test
    void r1OnATinyHistoryCompletesWithARateAndWritesTheMarkdownTable() throws Exception {
        int exit = bench("--only", "R1", "--timeout", "20m");

        assertThat(exit).as(err.toString()).isZero();
        String r1 = out.toString().lines().filter(l -> l.startsWith("R1 ")).findFirst().orElseThrow();
        assertThat(r1).contains("COMPLETED").containsPattern("[0-9,]+ events/s").contains("peak RSS");
        assertThat(err.toString()).contains("pos-sales", "prices", "inventory", "orders");
        assertThat(Files.readString(workDir.resolve("results.md")))
                .contains("| id | measure | goal | status | value | goal met | detail |")
                .contains("| R1 |").contains("| COMPLETED |").contains("load average");
    }

    @Test
    void aRowKilledAtItsTimeoutIsTimedOutWithoutARateAndExitsOne() {
        int exit = bench("--only", "R1", "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        String r1 = out.toString().lines().filter(l -> l.startsWith("R1 ")).findFirst().orElseThrow();
        assertThat(r1).contains("TIMED OUT", "killed after");
        assertThat(r1.substring(r1.indexOf("TIMED OUT"))).as("value and detail").doesNotContain("/s");
    }

    @Test
    void anUnknownRowIsAUsageError() {
        assertThat(bench("--only", "R9")).isEqualTo(2);
        assertThat(err.toString()).contains("no row R9");
    }
}
