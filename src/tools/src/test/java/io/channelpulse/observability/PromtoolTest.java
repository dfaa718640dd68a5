package io.channelpulse.observability;

import io.channelpulse.support.ProjectFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.support.RequiresBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Prometheus config and rules as Prometheus's own promtool sees them (Debian's prometheus package). */
@RequiresBinaries("promtool")
class PromtoolTest {

    static final Path PROMETHEUS = ProjectFiles.path("deploy/prometheus");

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":%n" + output).isZero();
        return output;
    }

    static List<String> files(String glob) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(PROMETHEUS.resolve("rules"))) {
            s.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).sorted()
                    .forEach(p -> out.add(p.toString()));
        }
        return out;
    }

    @Test
    void configPassesPromtoolCheckConfig() throws Exception {
        assertThat(run("promtool", "check", "config", PROMETHEUS.resolve("prometheus.yml").toString())).contains("SUCCESS");
    }

    @Test
    void rulesPassPromtoolCheckRulesAndEveryAlertHasARunbook() throws Exception {
        List<String> rules = files("*.yml").stream().filter(f -> !f.endsWith(".test.yml")).toList();
        assertThat(rules).isNotEmpty();
        List<String> cmd = new ArrayList<>(List.of("promtool", "check", "rules"));
        cmd.addAll(rules);
        assertThat(run(cmd.toArray(String[]::new))).contains("SUCCESS");
        for (String file : rules) {
            String text = Files.readString(Path.of(file));
            long alerts = text.lines().filter(l -> l.trim().startsWith("- alert:")).count();
            long runbooks = text.lines().filter(l -> l.trim().startsWith("runbook_url:")).count();
            assertThat(runbooks).as(file + ": every alert has a runbook_url").isEqualTo(alerts);
            text.lines().filter(l -> l.trim().startsWith("- alert:")).map(l -> l.trim().substring("- alert:".length()).trim())
                    .forEach(name -> assertThat(ProjectFiles.path("docs/runbooks").resolve(name + ".md")).as("runbook for " + name).exists());
        }
    }

    @Test
    void ruleUnitTestsPassPromtoolTestRules() throws Exception {
        List<String> tests = files("*.test.yml");
        assertThat(tests).isNotEmpty();
        List<String> cmd = new ArrayList<>(List.of("promtool", "test", "rules"));
        cmd.addAll(tests);
        assertThat(run(cmd.toArray(String[]::new))).contains("SUCCESS");
    }
}
