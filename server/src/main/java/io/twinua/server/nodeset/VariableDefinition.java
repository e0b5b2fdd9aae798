package io.twinua.server.nodeset;

import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/**
 * A {@code UAVariable}. {@code accessLevel}/{@code userAccessLevel} are the AccessLevel bit masks
 * of Part 3 §8.57 (1 CurrentRead, 2 CurrentWrite, 4 HistoryRead, 8 HistoryWrite, ...).
 */
public record VariableDefinition(
    CommonAttributes common,
    Optional<NodeId> parentNodeId,
    NodeId dataType,
    int valueRank,
    List<UInteger> arrayDimensions,
    int accessLevel,
    int userAccessLevel,
    boolean historizing,
    double minimumSamplingInterval,
    Optional<NodeValue> value)
    implements NodeDefinition {

  public static final int CURRENT_READ = 0x01;
  public static final int CURRENT_WRITE = 0x02;
  public static final int HISTORY_READ = 0x04;

  public VariableDefinition {
    arrayDimensions = List.copyOf(arrayDimensions);
  }

  @Override
  public NodeClass nodeClass() {
    return NodeClass.Variable;
  }

  public boolean isWritable() {
    return (accessLevel & CURRENT_WRITE) != 0;
  }

  /** True when the DataType only holds numbers and the variable is scalar. */
  public boolean isNumericScalar() {
    return valueRank == -1 && DataTypes.isNumeric(dataType);
  }
}
