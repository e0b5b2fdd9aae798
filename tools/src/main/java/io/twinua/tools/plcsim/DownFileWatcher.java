package io.twinua.tools.plcsim;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts and restores automation stations by control file: {@code <AS>.down} appearing takes the AS
 * offline, disappearing brings it back. Acts on changes of the file only, so a stop or start
 * through the Java API is not undone by the next check; a start that fails (port taken) is logged
 * and retried only when the file is created and removed again.
 */
final class DownFileWatcher implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(DownFileWatcher.class);

  private final List<AutomationStation> stations;
  private final Map<AutomationStation, Boolean> present = new HashMap<>();

  /** Remembers which files exist now; the simulator starts only AS without one. */
  DownFileWatcher(List<AutomationStation> stations) {
    this.stations = stations;
    for (AutomationStation as : stations) {
      present.put(as, Files.exists(as.downFile()));
    }
  }

  boolean isDown(AutomationStation as) {
    return present.get(as);
  }

  @Override
  public void run() {
    for (AutomationStation as : stations) {
      boolean exists = Files.exists(as.downFile());
      if (exists == present.get(as)) {
        continue;
      }
      present.put(as, exists);
      try {
        if (exists) {
          log.info("AS {}: {} appeared, taking it offline", as.name(), as.downFile());
          as.stop();
        } else {
          log.info("AS {}: {} removed, bringing it online", as.name(), as.downFile());
          as.start();
        }
      } catch (RuntimeException e) {
        log.error("AS {}: {} failed", as.name(), exists ? "stop" : "start", e);
      }
    }
  }
}
