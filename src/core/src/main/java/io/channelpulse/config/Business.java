package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The business calendar: the zone whose midnight starts a business day ("today" in the panel, the
 * simulator's daily rhythm and event-time offsets).
 */
public record Business(ZoneId timeZone) implements Serializable {

    public static Business defaults() {
        return new Business(ZoneId.of("Asia/Shanghai"));
    }

    @JsonCreator
    static Business bind(@JsonProperty("time-zone") String timeZone) {
        if (timeZone == null) {
            return defaults();
        }
        try {
            return new Business(ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            throw new ConfigException("time-zone",
                    "'" + timeZone + "' is not a time zone; use a region such as Asia/Shanghai or an offset such as +08:00");
        }
    }
}
