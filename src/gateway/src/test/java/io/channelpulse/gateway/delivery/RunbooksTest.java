package io.channelpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.Rule;
import io.channelpulse.support.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every delivered alert links {@code runbook-base-url + rule + ".md"}: each rule has that runbook, with the sections on-call reads. */
class RunbooksTest {

    @Test
    void everyRuleHasARunbookThatSaysWhatItMeansHowToConfirmAndWhatToDo() throws Exception {
        for (Rule rule : Rule.values()) {
            Path runbook = ProjectFiles.path("docs/runbooks").resolve(rule.name() + ".md");
            assertThat(runbook).as("runbook for " + rule).exists();
            String text = Files.readString(runbook);
            assertThat(text).as(runbook.toString()).startsWith("# " + rule.name())
                    .contains("## What it means").contains("## Confirm").contains("## What to do");
        }
    }
}
