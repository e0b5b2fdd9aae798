package io.twinua.server.recipes;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.UserArchive;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserRecord;
import io.twinua.server.security.LogText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user archives (recipe tables) as OPC UA methods: {@code Objects/UserArchives/<archive>} with
 * ListRecords, ReadRecord, AddRecord, ChangeRecord and DeleteRecord. Records are keyed by name;
 * fields travel as two parallel arrays (names, values) so any client can call them.
 */
public final class UserArchiveMethods {

  private static final Logger LOG = LoggerFactory.getLogger(UserArchiveMethods.class);

  private static final Argument KEY = arg("Key", NodeIds.String, ValueRanks.Scalar, "record name");
  private static final Argument KEYS = arg("Keys", NodeIds.String, ValueRanks.OneDimension, "names of all records");
  private static final Argument NAMES = arg("FieldNames", NodeIds.String, ValueRanks.OneDimension, "field names");
  private static final Argument VALUES = arg("FieldValues", NodeIds.BaseDataType, ValueRanks.OneDimension, "field values, same order as FieldNames");

  private final UaNodeContext context;
  private final UaNodeManager nodes;
  private final int namespaceIndex;
  private final UserArchives archives;
  private final RecipeAccess access;
  private final Consumer<UserRecord> changes;

  public UserArchiveMethods(
      UaNodeContext context, UaNodeManager nodes, int namespaceIndex,
      UserArchives archives, RecipeAccess access, Consumer<UserRecord> changes) {
    this.context = context;
    this.nodes = nodes;
    this.namespaceIndex = namespaceIndex;
    this.archives = archives;
    this.access = access;
    this.changes = changes;
  }

  /** Adds {@code Objects/UserArchives} and one object with the five methods per archive. */
  public void install() {
    UaFolderNode root = folder("UserArchives", "UserArchives");
    root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    for (String name : archives.names()) {
      UserArchive archive = archives.archive(name);
      UaFolderNode node = folder("UserArchives." + name, name);
      root.addOrganizes(node);
      method(node, "ListRecords", new Argument[0], new Argument[] {KEYS}, false,
          (session, in) -> new Variant[] {new Variant(archive.list().toArray(new String[0]))});
      method(node, "ReadRecord", new Argument[] {KEY}, new Argument[] {NAMES, VALUES}, false,
          (session, in) -> {
            String key = key(in);
            UserRecord r = archive.read(key).orElseThrow(() -> new UaException(StatusCodes.Bad_NotFound, "no record " + key));
            return fieldsOut(r);
          });
      method(node, "AddRecord", new Argument[] {KEY, NAMES, VALUES}, new Argument[0], true,
          (session, in) -> { changes.accept(archive.add(key(in), fieldsIn(in))); return new Variant[0]; });
      method(node, "ChangeRecord", new Argument[] {KEY, NAMES, VALUES}, new Argument[0], true,
          (session, in) -> { changes.accept(archive.change(key(in), fieldsIn(in))); return new Variant[0]; });
      method(node, "DeleteRecord", new Argument[] {KEY}, new Argument[0], true,
          (session, in) -> { changes.accept(archive.delete(key(in))); return new Variant[0]; });
    }
  }

  private interface Body {
    Variant[] call(Session session, Variant[] in) throws UaException;
  }

  private UaFolderNode folder(String id, String name) {
    UaFolderNode folder = new UaFolderNode(context, new NodeId(namespaceIndex, id),
        new QualifiedName(namespaceIndex, name), LocalizedText.english(name));
    nodes.addNode(folder);
    return folder;
  }

  private void method(UaFolderNode parent, String name, Argument[] inputs, Argument[] outputs, boolean edits, Body body) {
    UaMethodNode node = UaMethodNode.builder(context)
        .setNodeId(new NodeId(namespaceIndex, parent.getNodeId().getIdentifier() + "." + name))
        .setBrowseName(new QualifiedName(namespaceIndex, name))
        .setDisplayName(LocalizedText.english(name))
        .build();
    var handler = new AbstractMethodInvocationHandler(node) {
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
        Session session = ctx.getSession().orElse(null);
        boolean allowed = session != null && (edits ? access.mayEdit(session) : access.mayRead(session));
        if (!allowed) {
          throw new UaException(StatusCodes.Bad_UserAccessDenied, name + " is not allowed for this user");
        }
        try {
          return body.call(session, in);
        } catch (ArchiveException e) {
          LOG.warn("{} on {} refused: {}", name, parent.getBrowseName().name(), LogText.of(e.getMessage(), LogText.MAX_LINE_CHARS));
          throw new UaException(statusOf(e), e.getMessage());
        }
      }
    };
    node.setInputArguments(inputs);
    node.setOutputArguments(outputs);
    node.setInvocationHandler(handler);
    nodes.addNode(node);
    parent.addComponent(node);
  }

  private static long statusOf(ArchiveException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> StatusCodes.Bad_NotFound;
      case ALREADY_EXISTS -> StatusCodes.Bad_EntryExists;
      case INVALID_DATA, INVALID_REQUEST -> StatusCodes.Bad_InvalidArgument;
      default -> StatusCodes.Bad_InternalError;
    };
  }

  private static String key(Variant[] in) throws UaException {
    if (!(in[0].value() instanceof String key) || key.isBlank()) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, "Key must be a non-empty string");
    }
    return key;
  }

  private static Map<String, Object> fieldsIn(Variant[] in) throws UaException {
    if (!(in[1].value() instanceof String[] names) || !(in[2].value() instanceof Object[] values)
        || names.length != values.length) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, "FieldNames and FieldValues must be arrays of equal length");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      Object v = values[i] instanceof Variant var ? var.value() : values[i];
      fields.put(names[i], v);
    }
    return fields;
  }

  private static Variant[] fieldsOut(UserRecord r) {
    List<String> names = List.copyOf(r.fields().keySet());
    Variant[] values = names.stream().map(n -> new Variant(r.fields().get(n))).toArray(Variant[]::new);
    return new Variant[] {new Variant(names.toArray(new String[0])), new Variant(values)};
  }

  private static Argument arg(String name, NodeId type, int rank, String description) {
    return new Argument(name, type, rank, null, LocalizedText.english(description));
  }
}
