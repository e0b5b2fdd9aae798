package io.twinua.server.alarms;

import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.model.objects.AcknowledgeableConditionType;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;

/**
 * Installs the condition method handlers on a condition's method instances.
 *
 * <p>Milo routes a Call by the ObjectId's namespace to that namespace's node manager, finds the
 * object's method instance whose type declaration has the requested MethodId (e.g. i=9111
 * AcknowledgeableConditionType.Acknowledge) and runs the handler installed on that instance. So
 * each condition's own method instances carry handlers bound to that condition.
 */
final class ConditionMethods {

  private ConditionMethods() {}

  static void install(AlarmCondition condition, AlarmService service) {
    for (UaMethodNode method : condition.node().getMethodNodes()) {
      switch (method.getBrowseName().name()) {
        case "Acknowledge" ->
            method.setInvocationHandler(new Acknowledge(method, service, condition));
        case "AddComment" ->
            method.setInvocationHandler(new AddComment(method, service, condition));
        case "Enable" -> method.setInvocationHandler(new Enable(method, service, condition));
        case "Disable" -> method.setInvocationHandler(new Disable(method, service, condition));
        default -> {
          // removed when the condition node was created
        }
      }
    }
  }

  private static final class Acknowledge extends AcknowledgeableConditionType.AcknowledgeMethod {
    private final AlarmService service;
    private final AlarmCondition condition;

    Acknowledge(UaMethodNode node, AlarmService service, AlarmCondition condition) {
      super(node);
      this.service = service;
      this.condition = condition;
    }

    @Override
    protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment)
        throws UaException {
      service.acknowledge(condition, context.getSession().orElse(null), eventId, comment);
    }
  }

  private static final class AddComment extends ConditionType.AddCommentMethod {
    private final AlarmService service;
    private final AlarmCondition condition;

    AddComment(UaMethodNode node, AlarmService service, AlarmCondition condition) {
      super(node);
      this.service = service;
      this.condition = condition;
    }

    @Override
    protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment)
        throws UaException {
      service.addComment(condition, context.getSession().orElse(null), eventId, comment);
    }
  }

  private static final class Enable extends ConditionType.EnableMethod {
    private final AlarmService service;
    private final AlarmCondition condition;

    Enable(UaMethodNode node, AlarmService service, AlarmCondition condition) {
      super(node);
      this.service = service;
      this.condition = condition;
    }

    @Override
    protected void invoke(InvocationContext context) throws UaException {
      service.enable(condition, context.getSession().orElse(null));
    }
  }

  private static final class Disable extends ConditionType.DisableMethod {
    private final AlarmService service;
    private final AlarmCondition condition;

    Disable(UaMethodNode node, AlarmService service, AlarmCondition condition) {
      super(node);
      this.service = service;
      this.condition = condition;
    }

    @Override
    protected void invoke(InvocationContext context) throws UaException {
      service.disable(condition, context.getSession().orElse(null));
    }
  }
}
