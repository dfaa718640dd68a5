package io.channelpulse.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests of external programs skip with a reason where a program is missing, and fail where CI requires it. */
class RequiresBinariesTest {

    @Test
    void presentProgramsEnableTheTest() {
        assertThat(RequiresBinaries.Condition.evaluate(List.of("sh", "/bin/sh"), true).isDisabled()).isFalse();
    }

    @Test
    void aMissingProgramSkipsTheTestNamingIt() {
        var result = RequiresBinaries.Condition.evaluate(List.of("sh", "no-such-program-xyz"), false);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).get().asString().contains("no-such-program-xyz").doesNotContain("sh,");
    }

    @Test
    void aMissingProgramFailsWhenCiRequiresThem() {
        assertThatThrownBy(() -> RequiresBinaries.Condition.evaluate(List.of("/nonexistent/chromium"), true))
                .hasMessageContaining(RequiresBinaries.REQUIRE_ENV).hasMessageContaining("/nonexistent/chromium");
    }
}
