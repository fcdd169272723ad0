package io.dataworkspace.metrics.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;

/**
 * {@code 2026-11-21T09:00:00.123Z INFO  [thread] Logger - message}, written by hand rather than
 * with a pattern so that start-up does not load logback's pattern parser.
 */
public final class ConsoleLayout extends LayoutBase<ILoggingEvent> {

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(160);
        b.append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ');
        String level = event.getLevel().toString();
        b.append(level);
        for (int i = level.length(); i < 5; i++) {
            b.append(' ');
        }
        String logger = event.getLoggerName();
        b.append(" [").append(event.getThreadName()).append("] ")
                .append(logger.substring(logger.lastIndexOf('.') + 1))
                .append(" - ").append(event.getFormattedMessage()).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            b.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        return b.toString();
    }
}
