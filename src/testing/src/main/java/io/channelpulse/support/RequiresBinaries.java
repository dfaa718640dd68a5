package io.channelpulse.support;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test that runs real external programs (Debian's Prometheus, Alertmanager, Chromium). Where a
 * program is missing the test is skipped with a reason naming it, so {@code mvn -B test} passes
 * on a machine with only a JDK and Maven. CI sets {@code CHANNEL_PULSE_REQUIRE_BINARIES=true}
 * (in {@code .ci/run}): there a missing program fails the test instead of skipping it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresBinaries.Condition.class)
public @interface RequiresBinaries {

    /** Program names looked up on PATH, or absolute paths. */
    String[] value();

    String REQUIRE_ENV = "CHANNEL_PULSE_REQUIRE_BINARIES";

    /** Enables the test when every program is present. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<String> programs = new ArrayList<>();
            context.getElement()
                    .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresBinaries.class))
                    .ifPresent(a -> programs.addAll(List.of(a.value())));
            return evaluate(programs, Boolean.parseBoolean(System.getenv(REQUIRE_ENV)));
        }

        /** Enabled when all are present; otherwise disabled with a reason, or an error when {@code required}. */
        static ConditionEvaluationResult evaluate(List<String> programs, boolean required) {
            List<String> missing = programs.stream().filter(p -> !present(p)).toList();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("all external programs present");
            }
            String reason = "external programs not installed: " + String.join(", ", missing)
                    + " (apt-get install -y prometheus prometheus-alertmanager chromium chromium-driver, as .ci/run does)";
            if (required) {
                throw new IllegalStateException(REQUIRE_ENV + " is set and " + reason);
            }
            return ConditionEvaluationResult.disabled(reason);
        }

        static boolean present(String program) {
            return locate(program) != null;
        }

        /** Where {@code program} is: itself when absolute, else the first executable on PATH; null when absent. */
        public static Path locate(String program) {
            if (program.startsWith("/")) {
                return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return Path.of(dir, program);
                }
            }
            return null;
        }
    }
}
