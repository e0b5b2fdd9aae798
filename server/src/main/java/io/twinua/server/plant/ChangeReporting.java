package io.twinua.server.plant;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.nodes.AttributeObserver;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * Monitored items that get every value set on their variable, as it is set, instead of Milo's
 * sampling (which reads the value every sampling interval and so skips values that change
 * faster than it samples or while its thread is late). This is what lets a client receive every
 * process value exactly once.
 *
 * <p>Locking: Milo fires attribute observers holding the node's monitor; adding an item takes
 * the same monitor before it delivers the current value, so no value reaches an item twice or
 * out of order (an equal value is dropped by the item's own data-change filter).
 */
final class ChangeReporting {

  private final Map<UaVariableNode, Set<DataItem>> itemsByNode = new ConcurrentHashMap<>();
  private final Map<DataItem, UaVariableNode> nodeByItem = new ConcurrentHashMap<>();

  private final AttributeObserver observer = (node, attributeId, value) -> {
    if (attributeId == AttributeId.Value && value instanceof DataValue v) {
      Set<DataItem> items = itemsByNode.get(node);
      if (items != null) {
        items.forEach(item -> deliver(item, v));
      }
    }
  };

  void add(UaVariableNode node, DataItem item) {
    synchronized (node) {
      Set<DataItem> items = itemsByNode.computeIfAbsent(node, n -> {
        n.addAttributeObserver(observer);
        return ConcurrentHashMap.newKeySet();
      });
      items.add(item);
      nodeByItem.put(item, node);
      deliver(item, node.getValue());
    }
  }

  /** @return whether the item was one of these */
  boolean remove(DataItem item) {
    UaVariableNode node = nodeByItem.remove(item);
    if (node == null) {
      return false;
    }
    synchronized (node) {
      Set<DataItem> items = itemsByNode.get(node);
      if (items != null) {
        items.remove(item);
        if (items.isEmpty()) {
          itemsByNode.remove(node);
          node.removeAttributeObserver(observer);
        }
      }
    }
    return true;
  }

  boolean contains(DataItem item) {
    return nodeByItem.containsKey(item);
  }

  /** After a monitoring-mode change: an item that samples again starts from the current value. */
  void modeChanged(DataItem item) {
    UaVariableNode node = nodeByItem.get(item);
    if (node != null) {
      synchronized (node) {
        deliver(item, node.getValue());
      }
    }
  }

  private static void deliver(DataItem item, DataValue value) {
    if (!item.isSamplingEnabled() || value == null) {
      return;
    }
    TimestampsToReturn timestamps = item.getTimestampsToReturn();
    item.setValue(timestamps == null ? value : DataValue.derivedValue(value, timestamps));
  }
}
