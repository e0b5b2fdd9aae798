package io.twinua.server.sync.records;

import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/** The station's internal tags flagged {@code synchronise}, as the sync sees them. */
public interface SyncedInternalTags {

  /** The latest stored value of each synchronised internal tag, by name. */
  Map<String, DataValue> latest();

  /**
   * Takes a value from the partner over if the tag is synchronised here and the value is newer (by
   * source time) than ours: stored, shown, archived and given to the alarms like a write, but not
   * sent back to the partner.
   *
   * @return true if it was taken over
   */
  boolean applyPartnerValue(String tag, DataValue value);
}
