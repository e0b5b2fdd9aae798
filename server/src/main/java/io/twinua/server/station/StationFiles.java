package io.twinua.server.station;

/**
 * Loads the files and resources a station starts from and turns any failure into a
 * {@link StationException} whose message is the loader's own (which names file and place).
 */
final class StationFiles {

  interface Loader<T> {
    T load() throws Exception;
  }

  interface Check {
    void run() throws Exception;
  }

  private StationFiles() {}

  static <T> T load(Loader<T> loader) throws StationException {
    try {
      return loader.load();
    } catch (StationException e) {
      throw e;
    } catch (Exception e) {
      throw new StationException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  static void run(Check check) throws StationException {
    load(() -> {
      check.run();
      return null;
    });
  }
}
