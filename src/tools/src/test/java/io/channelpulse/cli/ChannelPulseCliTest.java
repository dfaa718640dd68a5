package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line as a user meets it: help, usage errors and their exit codes. */
class ChannelPulseCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = ChannelPulseCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "replay --help", "help replay", "broker --help", "produce --help", "export --help"})
    void everyCommandHasHelp(String args) {
        assertThat(run(args.split(" "))).isZero();
        assertThat(out.toString()).contains("Usage:");
    }

    @Test
    void replayHelpListsItsOptionsAndExitCodes() {
        run("replay", "--help");
        assertThat(out.toString()).contains("--input", "--output", "--config", "--kpi-window", "Exit codes");
    }

    @Test
    void missingInputDirectoryIsAUsageErrorWithExitCode2(@TempDir Path tmp) {
        int code = run("replay", "--input", tmp.resolve("nope").toString(), "--output", tmp.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--input").contains("no such directory");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(run("replay")).isEqualTo(2);
        assertThat(err.toString()).contains("--input");
    }

    @Test
    void invalidConfigValueIsRejectedNamingTheKey(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("pulse.yaml");
        Files.writeString(config, "rules:\n  price-below-guide:\n    threshold: 1.5\n");
        int code = run("replay", "--input", tmp.toString(), "--output", tmp.resolve("out").toString(),
                "--config", config.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("rules.price-below-guide.threshold");
    }

    @Test
    void badKpiWindowIsRejectedNamingTheOption(@TempDir Path tmp) {
        int code = run("replay", "--input", tmp.toString(), "--output", tmp.toString(), "--kpi-window", "soon");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--kpi-window");
    }

    @Test
    void replayWritesOutputsAndPrintsASummary(@TempDir Path tmp) throws Exception {
        Path output = tmp.resolve("out");
        int code = run("replay", "--input", "src/test/resources/replay/basic", "--output", output.toString(),
                "--kpi-window", "1h", "--parallelism", "1");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("PRICE_BELOW_GUIDE", "pos-sales", "KPI records");
        assertThat(Files.readAllLines(output.resolve("alerts.jsonl"))).hasSize(10);
        assertThat(Files.readAllLines(output.resolve("dead-letters.jsonl"))).hasSize(8);
        assertThat(Files.readString(output.resolve("kpis.jsonl"))).contains("\"windowEnd\":\"2026-11-29T09:00:00Z\"");
    }

    @Test
    void simulateWritesAReplayDirectoryAndItsGroundTruth(@TempDir Path tmp) throws Exception {
        int code = run("simulate", "--output-dir", tmp.toString(), "--history", "6h", "--start", "2026-11-01T00:00:00Z");
        assertThat(code).isZero();
        for (String stream : new String[] {"pos-sales", "prices", "inventory", "orders", "guide-prices", "partners"}) {
            assertThat(tmp.resolve(stream + ".jsonl")).exists().isNotEmptyFile();
        }
        assertThat(Files.readAllLines(tmp.resolve("ground-truth.jsonl"))).last().asString().startsWith("{\"summary\"");
        assertThat(out.toString()).contains("Simulated").contains("anomalies injected");
    }

    @Test
    void simulateWritesAnEconomicsHistoryWithCostsAndTierTruth(@TempDir Path tmp) throws Exception {
        int code = run("simulate", "--output-dir", tmp.toString(), "--economics-months", "12", "--start", "2025-12-31T16:00:00Z");
        assertThat(code).as(err.toString()).isZero();
        assertThat(tmp.resolve("channel-costs.jsonl")).isNotEmptyFile();
        assertThat(Files.readString(tmp.resolve("channel-costs.jsonl"))).contains("\"period\":\"2026-01\"").contains("\"period\":\"2026-12\"")
                .doesNotContain("\"period\":\"2027-01\"");
        assertThat(tmp.resolve("orders.jsonl")).isEmptyFile();
        assertThat(Files.readAllLines(tmp.resolve("ground-truth.jsonl")))
                .anyMatch(l -> l.contains("INEFFICIENT_CHANNEL")).anyMatch(l -> l.startsWith("{\"tierChange\""));
        assertThat(out.toString()).contains("12 business months from 2026-01");
    }

    @Test
    void simulateRejectsEconomicsMonthsOutOfRangeOrAnotherWorldShapeNamingTheOption(@TempDir Path tmp) {
        assertThat(run("simulate", "--output-dir", tmp.toString(), "--economics-months", "6")).isEqualTo(2);
        assertThat(err.toString()).contains("--economics-months must be from 12 to 36, got 6");
        assertThat(run("simulate", "--output-dir", tmp.toString(), "--economics-months", "14", "--channels-per-type", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--economics-months needs --channels-per-type 2");
    }

    @Test
    void simulateRejectsARateOutsideZeroToOneNamingTheOption(@TempDir Path tmp) {
        assertThat(run("simulate", "--output-dir", tmp.toString(), "--diversion-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--diversion-rate");
    }

    @Test
    void runRefusesATransactionTimeoutThatCheckpointsCouldOutliveNamingTheKeys(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("pulse.yaml");
        Files.writeString(config, "kafka:\n  transaction-timeout: 5m\ncheckpoint:\n  timeout: 5m\n  restart-budget: 1m\n"
                + "  dir: " + tmp.resolve("checkpoints").toUri() + "\n");
        assertThat(run("run", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("kafka.transaction-timeout").contains("checkpoint.timeout");
    }

    @Test
    void runRefusesToStartWithoutADurableCheckpointDirectoryNamingBothKeys() {
        assertThat(run("run")).isEqualTo(2);
        assertThat(err.toString()).contains("checkpoint.dir").contains("execution.checkpointing.dir")
                .contains("JobManager memory");
    }

    @Test
    void aCheckpointDirectoryWithoutASchemeIsAConfigErrorNamingTheKey(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("pulse.yaml");
        Files.writeString(config, "checkpoint:\n  dir: /var/lib/checkpoints\n");
        assertThat(run("run", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("checkpoint.dir").contains("file:///");
    }

    @Test
    void hashPasswordPrintsABcryptHashOfStandardInputThatVerifies() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse battery\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(run("gateway", "hash-password", "--cost", "10")).isZero();
        } finally {
            System.setIn(stdin);
        }
        String hash = out.toString().trim();
        assertThat(hash).startsWith("$2a$10$").hasSize(60);
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("correct horse battery", hash)).isTrue();
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("wrong", hash)).isFalse();
    }

    @Test
    void hashPasswordRefusesShortPasswords() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(run("gateway", "hash-password")).isEqualTo(2);
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString()).contains("at least 8 characters");
    }
}
