package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.NumericRange;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRank;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * The address space of one automation station: namespace {@code urn:twinua:plcsim:<AS>}, one
 * variable {@code ns=2;s=<tag>} per tag (read-only, writable only for setpoints), organised in folders along the dots of the tag
 * name below a root folder (named after the AS) in Objects.
 *
 * <p>Values are pushed, not sampled: Milo's {@link SubscriptionModel} polls nodes at the sampling
 * interval and loses values that change faster. Here every produced value goes straight into
 * every enabled monitored item on that tag's Value ({@link #publish}), so with a queue of at least
 * the updates per publishing interval a client sees every value. Registration and publishing
 * share one lock, so a new item gets the current value first and then every later one, in order.
 * Items on other attributes or on folders are left to a SubscriptionModel.
 */
final class StationNamespace extends ManagedNamespaceWithLifecycle {

  /** Root folder id; numeric so it can never clash with a tag or folder path. */
  static final long ROOT_FOLDER_ID = 1;

  private final String asName;
  private final List<PlantTag> tags;
  private final DataValue[] initialValues;
  private final SubscriptionModel polledItems;
  private final SetpointSink setpoints;

  private final Object lock = new Object();
  private final Map<NodeId, TagSlot> slotsByNodeId = new HashMap<>();
  private final TagSlot[] slots;
  private final Map<DataItem, PushedItem> pushedItems = new IdentityHashMap<>();

  StationNamespace(
      OpcUaServer server, String uri, String asName, List<PlantTag> tags, DataValue[] initial,
      SetpointSink setpoints) {
    super(server, uri);
    this.setpoints = setpoints;
    this.asName = asName;
    this.tags = tags;
    this.initialValues = initial.clone();
    this.slots = new TagSlot[tags.size()];
    this.polledItems = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(polledItems);
    getLifecycleManager().addStartupTask(this::addNodes);
  }

  /** Makes {@code value} the current value of tag {@code index} and queues it to its items. */
  void publish(int index, DataValue value) {
    synchronized (lock) {
      TagSlot slot = slots[index];
      if (slot == null) {
        return; // not started yet: the node is created with the AS's current values
      }
      slot.current = value;
      slot.node.setValue(value);
      for (PushedItem pushed : slot.items) {
        pushed.offer(value);
      }
    }
  }

  private void addNodes() {
    var root =
        new UaFolderNode(
            getNodeContext(),
            newNodeId(ROOT_FOLDER_ID),
            newQualifiedName(asName),
            LocalizedText.english(asName));
    getNodeManager().addNode(root);
    root.addReference(
        new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

    var folders = new HashMap<String, UaFolderNode>();
    synchronized (lock) {
      for (int i = 0; i < tags.size(); i++) {
        PlantTag tag = tags.get(i);
        int dot = tag.name().lastIndexOf('.');
        UaFolderNode parent = dot < 0 ? root : folder(root, folders, tag.name().substring(0, dot));
        UaVariableNode node = variable(tag, tag.name().substring(dot + 1), initialValues[i]);
        if (tag.writable()) {
          node.getFilterChain().addLast(new SetpointFilter(i));
        }
        if (slotsByNodeId.containsKey(node.getNodeId())) {
          throw new IllegalStateException("AS " + asName + ": tag " + tag.name() + " is listed twice");
        }
        getNodeManager().addNode(node);
        parent.addOrganizes(node);
        slots[i] = new TagSlot(node, initialValues[i]);
        slotsByNodeId.put(node.getNodeId(), slots[i]);
      }
      for (String path : folders.keySet()) {
        if (slotsByNodeId.containsKey(newNodeId(path))) {
          throw new IllegalStateException(
              "AS " + asName + ": tag " + path + " is also the folder of other tags");
        }
      }
    }
  }

  private UaFolderNode folder(UaFolderNode root, Map<String, UaFolderNode> folders, String path) {
    UaFolderNode existing = folders.get(path);
    if (existing != null) {
      return existing;
    }
    int dot = path.lastIndexOf('.');
    UaFolderNode parent = dot < 0 ? root : folder(root, folders, path.substring(0, dot));
    String name = path.substring(dot + 1);
    var folder =
        new UaFolderNode(
            getNodeContext(), newNodeId(path), newQualifiedName(name), LocalizedText.english(name));
    getNodeManager().addNode(folder);
    parent.addOrganizes(folder);
    folders.put(path, folder);
    return folder;
  }

  private UaVariableNode variable(PlantTag tag, String browseName, DataValue value) {
    var builder =
        new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(newNodeId(tag.name()))
            .setBrowseName(newQualifiedName(browseName))
            .setDisplayName(LocalizedText.english(browseName))
            .setDescription(LocalizedText.english(tag.description()))
            .setDataType(tag.dataType())
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .setAccessLevel(tag.writable() ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setUserAccessLevel(tag.writable() ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            // 0 = exception-based: every change is reported, see class comment
            .setMinimumSamplingInterval(0.0)
            .setValue(value);
    if (tag.isArray()) {
      builder
          .setValueRank(ValueRank.OneDimension.getValue())
          .setArrayDimensions(new UInteger[] {uint(tag.arrayLength())});
    } else {
      builder.setValueRank(ValueRank.Scalar.getValue());
    }
    return builder.build();
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    var polled = new ArrayList<DataItem>();
    synchronized (lock) {
      for (DataItem item : dataItems) {
        TagSlot slot = pushTarget(item);
        if (slot == null) {
          polled.add(item);
          continue;
        }
        var pushed = new PushedItem(item, indexRange(item));
        slot.items.add(pushed);
        pushedItems.put(item, pushed);
        pushed.offer(slot.current);
      }
    }
    if (!polled.isEmpty()) {
      polledItems.onDataItemsCreated(polled);
    }
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    // pushed items need nothing: queue size and filter live in the item itself
    polledItems.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    synchronized (lock) {
      for (DataItem item : dataItems) {
        PushedItem pushed = pushedItems.remove(item);
        if (pushed != null) {
          TagSlot slot = slotsByNodeId.get(item.getReadValueId().getNodeId());
          slot.items.remove(pushed);
        }
      }
    }
    polledItems.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    synchronized (lock) {
      for (MonitoredItem item : monitoredItems) {
        PushedItem pushed = item instanceof DataItem dataItem ? pushedItems.get(dataItem) : null;
        if (pushed != null) {
          // re-enabled items start with the current value; Milo's filter drops it if unchanged
          TagSlot slot = slotsByNodeId.get(item.getReadValueId().getNodeId());
          pushed.offer(slot.current);
        }
      }
    }
    polledItems.onMonitoringModeChanged(monitoredItems);
  }

  private TagSlot pushTarget(DataItem item) {
    if (!AttributeId.Value.isEqual(item.getReadValueId().getAttributeId())) {
      return null;
    }
    return slotsByNodeId.get(item.getReadValueId().getNodeId());
  }

  private static NumericRange indexRange(DataItem item) {
    String range = item.getReadValueId().getIndexRange();
    if (range == null || range.isEmpty()) {
      return null;
    }
    try {
      return NumericRange.parse(range);
    } catch (UaException e) {
      return null; // Milo validated it before creating the item
    }
  }

  /** Takes the client writes of writable tags (already type-checked by Milo's AttributeWriter). */
  interface SetpointSink {
    void onWritten(int index, Object value);
  }

  /**
   * A client's value of a writable tag goes to the AS, which makes it the tag's value and
   * publishes it ({@link #publish}); the node is not set here directly.
   */
  private final class SetpointFilter implements AttributeFilter {
    private final int index;

    SetpointFilter(int index) {
      this.index = index;
    }

    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId == AttributeId.Value && value instanceof DataValue dv) {
        setpoints.onWritten(index, dv.value().value());
      } else {
        ctx.writeAttribute(attributeId, value);
      }
    }
  }

  private static final class TagSlot {
    final UaVariableNode node;
    final List<PushedItem> items = new ArrayList<>(1);
    /** As produced; node.getValue() would stamp a fresh server time on it. */
    DataValue current;

    TagSlot(UaVariableNode node, DataValue current) {
      this.node = node;
      this.current = current;
    }
  }

  private record PushedItem(DataItem item, NumericRange range) {
    void offer(DataValue value) {
      if (item.isSamplingEnabled()) {
        item.setValue(range == null ? value : slice(value));
      }
    }

    private DataValue slice(DataValue value) {
      try {
        Object part = NumericRange.readFromValueAtRange(value.value(), range);
        return new DataValue(
            new Variant(part), value.statusCode(), value.sourceTime(), value.serverTime());
      } catch (UaException e) {
        return new DataValue(
            Variant.NULL_VALUE, e.getStatusCode(), value.sourceTime(), value.serverTime());
      }
    }
  }
}
