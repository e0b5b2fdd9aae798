package io.twinua.server.sync.records;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.Ticks;
import io.twinua.server.archive.UserArchive;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserRecord;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Objects/@RecordSync} in the plant namespace: what the partner station calls to
 * synchronise user archives and internal tags with this one.
 *
 * <ul>
 *   <li>{@code @RM_UserArchiveChanges(Archive, AfterTicks, AfterKey) -> (AsOfTicks, More, records)}:
 *       this station's records (tombstones included) after the position, in (modification time,
 *       key) order, {@value #PAGE} at most; AsOfTicks is this station's clock when it answered.
 *   <li>{@code @RM_ApplyUserRecords(Archive, records) -> Stored}: merges the partner's records
 *       (last writer wins, {@link UserArchive#apply}).
 *   <li>{@code @RM_InternalTagValues() -> (Names, Values)}: the latest values of the internal tags
 *       flagged synchronise.
 *   <li>{@code @RM_ApplyInternalTags(Names, Values) -> Stored}: takes the partner's values over
 *       where they are newer.
 * </ul>
 *
 * <p>Milo 1.1.2 does no access check on method calls (milo-notes), so every handler asks {@code
 * partnerOnly} first: in a station only the PARTNER role (the other station, by its certificate,
 * on a signed channel) passes; everyone else gets Bad_UserAccessDenied. Records are passed as
 * {@link UserRecordArrays}.
 */
public final class RecordSyncMethods {

  public static final String OBJECT_ID = "@RecordSync";
  public static final String USER_ARCHIVE_CHANGES = "@RM_UserArchiveChanges";
  public static final String APPLY_USER_RECORDS = "@RM_ApplyUserRecords";
  public static final String INTERNAL_TAG_VALUES = "@RM_InternalTagValues";
  public static final String APPLY_INTERNAL_TAGS = "@RM_ApplyInternalTags";
  /** Records per answer: keeps one response well below the default message size. */
  static final int PAGE = 500;
  /** The check of a station: only its partner. */
  public static final Predicate<Session> PARTNER = s -> StationRoles.permits(s, Role::canSynchronise);

  private static final Logger LOG = LoggerFactory.getLogger(RecordSyncMethods.class);
  private static final Argument ARCHIVE = arg("Archive", NodeIds.String, ValueRanks.Scalar, "user archive name");
  private static final Argument[] RECORDS = {
    arg("Keys", NodeIds.String, ValueRanks.OneDimension, "record keys"),
    arg("Deleted", NodeIds.Boolean, ValueRanks.OneDimension, "true: a tombstone"),
    arg("ModifiedTicks", NodeIds.Int64, ValueRanks.OneDimension, "modification time, 100 ns since 1601"),
    arg("Stations", NodeIds.String, ValueRanks.OneDimension, "station that made the change"),
    arg("FieldCounts", NodeIds.Int32, ValueRanks.OneDimension, "number of fields of each record"),
    arg("FieldNames", NodeIds.String, ValueRanks.OneDimension, "all records' field names in order"),
    arg("FieldValues", NodeIds.BaseDataType, ValueRanks.OneDimension, "all records' field values in order")
  };
  private static final Argument STORED = arg("Stored", NodeIds.Int32, ValueRanks.Scalar, "how many were newer and stored");
  private static final Argument NAMES = arg("Names", NodeIds.String, ValueRanks.OneDimension, "internal tag names");
  private static final Argument VALUES = arg("Values", NodeIds.DataValue, ValueRanks.OneDimension, "their values");

  private final UaNodeContext context;
  private final UaNodeManager nodes;
  private final int namespaceIndex;
  private final UserArchives archives;
  private final SyncedInternalTags tags;
  private final Predicate<Session> partnerOnly;
  private final Clock clock;

  public RecordSyncMethods(UaNodeContext context, UaNodeManager nodes, int namespaceIndex, UserArchives archives,
      SyncedInternalTags tags, Predicate<Session> partnerOnly, Clock clock) {
    this.context = context;
    this.nodes = nodes;
    this.namespaceIndex = namespaceIndex;
    this.archives = archives;
    this.tags = tags;
    this.partnerOnly = partnerOnly;
    this.clock = clock;
  }

  /** Adds the object and its four methods. */
  public void install() {
    UaFolderNode object = new UaFolderNode(context, new NodeId(namespaceIndex, OBJECT_ID),
        new QualifiedName(namespaceIndex, OBJECT_ID), LocalizedText.english("RecordSync"));
    nodes.addNode(object);
    object.addReference(new Reference(object.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    method(object, USER_ARCHIVE_CHANGES,
        new Argument[] {ARCHIVE,
            arg("AfterTicks", NodeIds.Int64, ValueRanks.Scalar, "position: modification time"),
            arg("AfterKey", NodeIds.String, ValueRanks.Scalar, "position: key at that time, \"\" for all")},
        concat(new Argument[] {
            arg("AsOfTicks", NodeIds.Int64, ValueRanks.Scalar, "this station's clock when it answered"),
            arg("More", NodeIds.Boolean, ValueRanks.Scalar, "true: ask again after the last record")}, RECORDS),
        this::changes);
    method(object, APPLY_USER_RECORDS, concat(new Argument[] {ARCHIVE}, RECORDS), new Argument[] {STORED},
        this::applyRecords);
    method(object, INTERNAL_TAG_VALUES, new Argument[0], new Argument[] {NAMES, VALUES}, in -> internalTagValues());
    method(object, APPLY_INTERNAL_TAGS, new Argument[] {NAMES, VALUES}, new Argument[] {STORED}, this::applyTags);
  }

  private Variant[] changes(Variant[] in) throws UaException {
    UserArchive archive = archive(in[0]);
    if (!(in[1].getValue() instanceof Long after) || !(in[2].getValue() instanceof String afterKey)) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, "AfterTicks must be an Int64 and AfterKey a String");
    }
    long asOf = Ticks.now(clock); // before the read: anything committed later is after it or read now
    List<UserRecord> page = archive.changesAfter(after, afterKey, PAGE + 1);
    boolean more = page.size() > PAGE;
    List<UserRecord> records = more ? page.subList(0, PAGE) : page;
    return concat(new Variant[] {new Variant(asOf), new Variant(more)}, UserRecordArrays.encode(records));
  }

  private Variant[] applyRecords(Variant[] in) throws UaException {
    UserArchive archive = archive(in[0]);
    int stored = 0;
    for (UserRecord r : UserRecordArrays.decode(archive.name(), in, 1)) {
      if (archive.apply(r)) {
        stored++;
      }
    }
    if (stored > 0) {
      LOG.info("user archive {}: {} record(s) taken over from the partner", archive.name(), stored);
    }
    return new Variant[] {new Variant(stored)};
  }

  private Variant[] internalTagValues() {
    Map<String, DataValue> latest = tags.latest();
    return new Variant[] {
      new Variant(latest.keySet().toArray(new String[0])), new Variant(latest.values().toArray(new DataValue[0]))
    };
  }

  private Variant[] applyTags(Variant[] in) throws UaException {
    Object names = in[0].getValue();
    Object values = in[1].getValue();
    if (names == null && values == null) {
      return new Variant[] {new Variant(0)};
    }
    if (!(names instanceof String[] n) || !(values instanceof DataValue[] v) || n.length != v.length) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, "Names and Values must be arrays of equal length");
    }
    int stored = 0;
    for (int i = 0; i < n.length; i++) {
      if (tags.applyPartnerValue(n[i], v[i])) {
        stored++;
      }
    }
    return new Variant[] {new Variant(stored)};
  }

  private UserArchive archive(Variant name) throws UaException {
    if (!(name.getValue() instanceof String archive)) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, "Archive must be a String");
    }
    return archives.archive(archive); // ArchiveException NOT_FOUND: mapped by the handler
  }

  private interface Body {
    Variant[] call(Variant[] in) throws UaException;
  }

  private void method(UaFolderNode object, String id, Argument[] inputs, Argument[] outputs, Body body) {
    UaMethodNode node = UaMethodNode.builder(context)
        .setNodeId(new NodeId(namespaceIndex, id))
        .setBrowseName(new QualifiedName(namespaceIndex, id))
        .setDisplayName(LocalizedText.english(id.substring(4)))
        .build();
    node.setInputArguments(inputs);
    node.setOutputArguments(outputs);
    node.setInvocationHandler(new AbstractMethodInvocationHandler(node) {
      @Override
      public Argument[] getInputArguments() {
        return inputs;
      }

      @Override
      public Argument[] getOutputArguments() {
        return outputs;
      }

      @Override
      protected Variant[] invoke(InvocationContext ctx, Variant[] in) throws UaException {
        if (!partnerOnly.test(ctx.getSession().orElse(null))) {
          throw new UaException(StatusCodes.Bad_UserAccessDenied, id + " is for the partner station only");
        }
        try {
          return body.call(in);
        } catch (ArchiveException e) {
          LOG.warn("{} refused: {}", id, e.getMessage());
          throw new UaException(e.reason() == ArchiveException.Reason.NOT_FOUND ? StatusCodes.Bad_NotFound
              : e.reason() == ArchiveException.Reason.INVALID_DATA ? StatusCodes.Bad_InvalidArgument
              : StatusCodes.Bad_InternalError, e.getMessage());
        }
      }
    });
    nodes.addNode(node);
    object.addComponent(node);
  }

  private static <T> T[] concat(T[] a, T[] b) {
    List<T> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(Arrays.copyOf(a, 0));
  }

  private static Argument arg(String name, NodeId type, int rank, String description) {
    return new Argument(name, type, rank, null, LocalizedText.english(description));
  }
}
