package io.twinua.tools.launch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.twinua.server.config.LogSettings;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Per-process log files: every station writes its whole log and, separately, its redundancy log
 * (every redundancy event, behaviour doc §8) into its own data directory. Each file rolls by day
 * and size and keeps a bounded history ({@link LogSettings}): {@code station.log} becomes {@code
 * station.2026-12-02.0.log}, {@code station.2026-12-02.1.log}, ...
 */
final class LogFiles {

  private LogFiles() {}

  static void attach(String loggerName, Path file, LogSettings settings) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%X{station:-main}] %logger{24} - %msg%n");
    encoder.start();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("file-" + file);
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(appender);
    String name = file.getFileName().toString().replaceFirst("\\.log$", "");
    policy.setFileNamePattern(file.resolveSibling(name + ".%d{yyyy-MM-dd}.%i.log").toString());
    policy.setMaxFileSize(FileSize.valueOf(settings.maxFileSizeMb() + "MB"));
    policy.setMaxHistory(settings.maxHistoryDays());
    policy.setTotalSizeCap(FileSize.valueOf(settings.totalSizeCapMb() + "MB"));
    policy.setCleanHistoryOnStart(true); // a station restarted after a flood starts within its cap
    policy.start();
    appender.setRollingPolicy(policy);
    appender.setTriggeringPolicy(policy);
    appender.start();
    Logger logger = context.getLogger(loggerName);
    logger.addAppender(appender);
  }
}
