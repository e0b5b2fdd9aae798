package io.twinua.server.sync.records;

import io.twinua.server.archive.UserRecord;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * User records as method arguments: seven parallel arrays (keys, deleted, modified ticks,
 * stations, field counts, then all records' field names and values one after the other). Field
 * values travel as Variants, so String, Double, Int32 and Boolean keep their OPC UA types.
 */
final class UserRecordArrays {

  /** How many arguments a list of records takes. */
  static final int COUNT = 7;

  private UserRecordArrays() {}

  static Variant[] encode(List<UserRecord> records) {
    int n = records.size();
    String[] keys = new String[n];
    Boolean[] deleted = new Boolean[n];
    Long[] modified = new Long[n];
    String[] stations = new String[n];
    Integer[] counts = new Integer[n];
    List<String> names = new ArrayList<>();
    List<Variant> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UserRecord r = records.get(i);
      keys[i] = r.key();
      deleted[i] = r.deleted();
      modified[i] = r.modifiedTicks();
      stations[i] = r.station();
      counts[i] = r.fields().size();
      r.fields().forEach((name, value) -> {
        names.add(name);
        values.add(new Variant(value));
      });
    }
    return new Variant[] {
      new Variant(keys), new Variant(deleted), new Variant(modified), new Variant(stations),
      new Variant(counts), new Variant(names.toArray(new String[0])), new Variant(values.toArray(new Variant[0]))
    };
  }

  /**
   * The records of {@code archive} in {@code args[from .. from + COUNT)}.
   *
   * @throws UaException Bad_InvalidArgument if the arrays are missing or do not fit together
   */
  static List<UserRecord> decode(String archive, Variant[] args, int from) throws UaException {
    if (args == null || args.length < from + COUNT) {
      throw invalid("expected " + COUNT + " record arrays");
    }
    String[] keys = array(args[from], String[].class, "Keys");
    Boolean[] deleted = array(args[from + 1], Boolean[].class, "Deleted");
    Long[] modified = array(args[from + 2], Long[].class, "ModifiedTicks");
    String[] stations = array(args[from + 3], String[].class, "Stations");
    Integer[] counts = array(args[from + 4], Integer[].class, "FieldCounts");
    String[] names = array(args[from + 5], String[].class, "FieldNames");
    Variant[] values = array(args[from + 6], Variant[].class, "FieldValues");
    int n = keys.length;
    if (deleted.length != n || modified.length != n || stations.length != n || counts.length != n
        || names.length != values.length) {
      throw invalid("record arrays of different lengths");
    }
    List<UserRecord> records = new ArrayList<>(n);
    int field = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i] < 0 || field + counts[i] > names.length) {
        throw invalid("field counts do not match the field arrays");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int end = field + counts[i]; field < end; field++) {
        fields.put(names[field], values[field].getValue());
      }
      try {
        records.add(new UserRecord(archive, keys[i], fields, deleted[i], modified[i], stations[i]));
      } catch (RuntimeException e) {
        throw invalid("record " + i + ": " + e.getMessage());
      }
    }
    return records;
  }

  /** An array argument; an empty one may arrive as null (OPC UA does not tell them apart reliably). */
  @SuppressWarnings("unchecked")
  private static <T> T array(Variant v, Class<T> type, String name) throws UaException {
    Object value = v == null ? null : v.getValue();
    if (value == null) {
      return (T) Array.newInstance(type.getComponentType(), 0);
    }
    if (!type.isInstance(value)) {
      throw invalid(name + " must be an array of " + type.getComponentType().getSimpleName());
    }
    return (T) value;
  }

  private static UaException invalid(String problem) {
    return new UaException(StatusCodes.Bad_InvalidArgument, "user records: " + problem);
  }
}
