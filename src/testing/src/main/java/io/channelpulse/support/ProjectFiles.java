package io.channelpulse.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository's top level ({@code deploy/}, {@code dashboards/}, {@code docs/}) for
 * tests, which Maven runs from their module's directory under {@code src/}.
 */
public final class ProjectFiles {

    private static final Path ROOT = findRoot();

    private ProjectFiles() {}

    /** A path below the repository's top level, such as {@code deploy/prometheus}. */
    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    /** The repository's top level: the nearest directory holding the aggregator POM and dashboards/. */
    public static Path root() {
        return ROOT;
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("dashboards"))
                    && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Channel Pulse checkout above " + Path.of("").toAbsolutePath());
    }
}
