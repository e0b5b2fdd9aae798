package io.twinua.server.redundancy;

/**
 * Keeps the highest epoch this station has used, so that a restarted station never uses an epoch
 * number again (two Masters with the same epoch could not be told apart). The role machine saves
 * every new epoch before it is used or announced.
 */
public interface EpochStore {

  /** The highest epoch saved so far, 0 when none. */
  long lastUsed();

  /** Saves {@code epoch} durably; returns only once it would survive a crash of the process. */
  void save(long epoch);

  /** Forgets everything with the process: for role machines whose restart is not tested. */
  static EpochStore inMemory() {
    return new EpochStore() {
      private long last;

      @Override
      public synchronized long lastUsed() {
        return last;
      }

      @Override
      public synchronized void save(long epoch) {
        last = Math.max(last, epoch);
      }
    };
  }
}
