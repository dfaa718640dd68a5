package io.channelpulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp path against java.time as the oracle: it may decline, but never disagree. */
class IsoInstantsTest {

    private static Instant javaTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void theUsualShapesTakeTheFastPathWithJavaTimesInstant() {
        for (String text : List.of("2026-11-29T08:05:00Z", "2026-11-29T16:05:00+08:00", "2026-11-29T08:05:00.123Z",
                "2026-11-29T08:05:00.123456789-03:30", "2000-01-01T00:00:00Z", "2099-12-31T23:59:59.999Z",
                "2024-02-29T12:00:00+00:00", "2026-11-29T08:05:00-00:00", "2026-11-29T08:05:00.5+17:59")) {
            assertThat(IsoInstants.parse(text)).as(text).isNotNull().isEqualTo(javaTime(text));
        }
    }

    @Test
    void edgesAreLeftToJavaTime() {
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-29T24:00:00Z",
                "2026-11-29T23:60:00Z", "2026-11-29T23:59:60Z", "2026-11-29T08:05Z", "2026-11-29t08:05:00z",
                "2026-11-29T08:05:00+18:00", "2026-11-29T08:05:00+19:00", "2026-11-29T08:05:00.Z",
                "2026-11-29T08:05:00.1234567891Z", "+2026-11-29T08:05:00Z", "2026-11-29T08:05:00", "2026-11-29T08:05:00+0800",
                "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-29T08:05:00Z ",
                "2026-11-29T08:05:00+08:00:00", "２026-11-29T08:05:00Z")) {
            assertThat(IsoInstants.parse(text)).as(text).isNull();
        }
    }

    @Test
    void neverDisagreesWithJavaTimeOnMutatedTimestamps() {
        Random random = new Random(11);
        String alphabet = "0123456789-:T.Z+tz 9";
        List<String> seeds = List.of("2026-11-29T08:05:00Z", "2024-02-29T23:59:59.999999999+17:59",
                "0000-01-01T00:00:00-00:00", "9999-12-31T23:59:59.1Z", "2100-02-28T00:00:00.12+01:00");
        List<String> texts = new ArrayList<>(seeds);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            texts.add(text.toString());
        }
        int fast = 0;
        for (String text : texts) {
            Instant mine = IsoInstants.parse(text);
            if (mine != null) {
                fast++;
                assertThat(mine).as(text).isEqualTo(javaTime(text));
            }
        }
        assertThat(fast).as("mutations the fast path decided").isGreaterThan(10_000);
    }
}
