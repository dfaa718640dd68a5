package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where replay's clock stops, read from the input files before the job starts. */
class ReplayInputsTest {

    @Test
    void invalidUtf8InALineDoesNotStopTheClockFromBeingFound(@TempDir Path dir) throws Exception {
        // Found by HostileInputFuzzTest: the pre-scan decoded strictly and threw
        // MalformedInputException, failing the replay over a line the job dead-letters.
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(("{\"eventId\":\"p-1\",\"eventTime\":\"2026-11-29T08:00:00Z\",\"channelId\":\"C\","
                + "\"partnerId\":\"P\",\"outletId\":\"O\",\"regionId\":\"R\",\"sku\":\"S\",\"price\":9.5}\n")
                .getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {'{', (byte) 0xFF, (byte) 0xC0, (byte) 0xAF, '}', '\n'});
        Files.write(ReplayInputs.fileOf(dir, EventStream.PRICES), file.toByteArray());

        assertThat(ReplayInputs.latestEventTime(dir, PulseConfig.defaults()))
                .isEqualTo(Instant.parse("2026-11-29T08:00:00Z").toEpochMilli());
    }
}
