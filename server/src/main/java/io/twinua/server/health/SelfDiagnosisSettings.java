package io.twinua.server.health;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The station file's {@code selfDiagnosis:} section (behaviour doc §6): the resource levels the
 * station watches and whether a Fault station isolates itself. The defaults below are the ones
 * {@code nodeset/README.md} documents; a station file without the section runs exactly these.
 *
 * @param diskWarningMb free space on the data volume below which the station reports that it will
 *     soon stop archiving (impaired: ServiceLevel degraded, 1012350)
 * @param diskCriticalMb free space below which value archiving stops cleanly and the station goes
 *     to Fault, before SQLite runs into a full disk; the space left is the reserve in which system
 *     messages, user archives and internal tags are still written
 * @param memoryWarningPercent heap still in use after garbage collection, as a share of the maximum
 *     heap, above which 1012352 is raised (reported only)
 * @param loadWarningPercent system load average per processor core, in percent, above which 1012352
 *     is raised (reported only)
 * @param isolateOnFault a station in Fault after its health check failed stops serving clients and
 *     drops its partner link (1012356), unless that would leave clients without a server (1012355)
 */
public record SelfDiagnosisSettings(
    int diskWarningMb, int diskCriticalMb, int memoryWarningPercent, int loadWarningPercent, boolean isolateOnFault) {

  public static final int DEFAULT_DISK_WARNING_MB = 500;
  public static final int DEFAULT_DISK_CRITICAL_MB = 100;
  public static final int DEFAULT_MEMORY_WARNING_PERCENT = 90;
  public static final int DEFAULT_LOAD_WARNING_PERCENT = 400;
  public static final int MAX_DISK_MB = 10_000_000;
  /** SQLite needs room for one more WAL frame batch and a checkpoint: less would not stop in time. */
  public static final int MIN_DISK_CRITICAL_MB = 1;

  public static final SelfDiagnosisSettings DEFAULT = create(b -> {});

  public SelfDiagnosisSettings {
    requireRange("diskCriticalMb", diskCriticalMb, MIN_DISK_CRITICAL_MB, MAX_DISK_MB);
    requireRange("diskWarningMb", diskWarningMb, diskCriticalMb, MAX_DISK_MB);
    requireRange("memoryWarningPercent", memoryWarningPercent, 10, 100);
    requireRange("loadWarningPercent", loadWarningPercent, 10, 100_000);
  }

  public static SelfDiagnosisSettings create(Consumer<Builder> configure) {
    Builder b = new Builder();
    Objects.requireNonNull(configure, "configure").accept(b);
    return b.build();
  }

  public long diskWarningBytes() {
    return diskWarningMb * 1024L * 1024L;
  }

  public long diskCriticalBytes() {
    return diskCriticalMb * 1024L * 1024L;
  }

  private static void requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "selfDiagnosis." + key + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Starts from the defaults above. */
  public static final class Builder {
    private int diskWarningMb = DEFAULT_DISK_WARNING_MB;
    private int diskCriticalMb = DEFAULT_DISK_CRITICAL_MB;
    private int memoryWarningPercent = DEFAULT_MEMORY_WARNING_PERCENT;
    private int loadWarningPercent = DEFAULT_LOAD_WARNING_PERCENT;
    private boolean isolateOnFault;

    public Builder diskWarningMb(int mb) {
      this.diskWarningMb = mb;
      return this;
    }

    public Builder diskCriticalMb(int mb) {
      this.diskCriticalMb = mb;
      return this;
    }

    public Builder memoryWarningPercent(int percent) {
      this.memoryWarningPercent = percent;
      return this;
    }

    public Builder loadWarningPercent(int percent) {
      this.loadWarningPercent = percent;
      return this;
    }

    public Builder isolateOnFault(boolean isolate) {
      this.isolateOnFault = isolate;
      return this;
    }

    public SelfDiagnosisSettings build() {
      return new SelfDiagnosisSettings(
          diskWarningMb, diskCriticalMb, memoryWarningPercent, loadWarningPercent, isolateOnFault);
    }
  }
}
