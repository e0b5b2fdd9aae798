package io.twinua.server.config;

/**
 * The station file's {@code logs:} section: how {@code logs/station.log} and {@code
 * logs/redundancy.log} roll. Each file rolls daily and when it reaches {@code maxFileSizeMb};
 * rolled files older than {@code maxHistoryDays} go, and all files of one log together never take
 * more than {@code totalSizeCapMb}, so a flood of log lines cannot fill the data volume.
 *
 * @param maxFileSizeMb size at which the current file rolls
 * @param maxHistoryDays days a rolled file is kept
 * @param totalSizeCapMb bound for all files of one log (current and rolled)
 */
public record LogSettings(int maxFileSizeMb, int maxHistoryDays, int totalSizeCapMb) {

  public static final int DEFAULT_MAX_FILE_SIZE_MB = 10;
  public static final int DEFAULT_MAX_HISTORY_DAYS = 14;
  public static final int DEFAULT_TOTAL_SIZE_CAP_MB = 200;

  public static final LogSettings DEFAULT =
      new LogSettings(DEFAULT_MAX_FILE_SIZE_MB, DEFAULT_MAX_HISTORY_DAYS, DEFAULT_TOTAL_SIZE_CAP_MB);

  public LogSettings {
    if (maxFileSizeMb < 1 || maxHistoryDays < 1 || totalSizeCapMb < maxFileSizeMb) {
      throw new IllegalArgumentException("log settings need files of at least 1 MB, at least 1 day and a cap of at "
          + "least one file: " + maxFileSizeMb + " MB, " + maxHistoryDays + " d, " + totalSizeCapMb + " MB");
    }
  }
}
