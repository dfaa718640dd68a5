package io.channelpulse.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the formatted messages one logger (and its children) writes at a level or above while
 * the capture is open, so a test can assert on what the Kafka connector reported during a run.
 */
final class LogCapture implements AutoCloseable {

    private final String loggerName;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final LoggerConfig added;

    LogCapture(String loggerName, Level level) {
        this.loggerName = loggerName;
        this.appender = new AbstractAppender("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig own = config.getLoggerConfig(loggerName);
        if (!own.getName().equals(loggerName)) {
            // No configuration for this logger yet: add one that keeps the parent's appenders too.
            own = new LoggerConfig(loggerName, level, true);
            config.addLogger(loggerName, own);
            added = own;
        } else {
            added = null;
        }
        own.addAppender(appender, level, null);
        context.updateLoggers();
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        if (added != null) {
            config.removeLogger(loggerName);
        } else {
            config.getLoggerConfig(loggerName).removeAppender(appender.getName());
        }
        context.updateLoggers();
        appender.stop();
    }
}
