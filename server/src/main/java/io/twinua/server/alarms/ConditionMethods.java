package io.twinua.server.alarms;

import java.util.Map;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * Installs the condition method handlers on a condition's method instances.
 *
 * <p>Milo routes a Call by the ObjectId's namespace to that namespace's node manager, finds the
 * object's method instance whose type declaration has the requested MethodId (e.g. i=9111
 * AcknowledgeableConditionType.Acknowledge) and runs the handler installed on that instance. So
 * each condition's own method instances carry handlers bound to that condition.
 */
final class ConditionMethods {

  /** What a condition method does with the caller's session and its (already type-checked) inputs. */
  @FunctionalInterface
  private interface Action {
    void run(AlarmService service, AlarmCondition condition, Session session, Variant[] inputs)
        throws UaException;
  }

  // by browse name; the inputs are EventId, Comment as Part 9 declares them
  private static final Map<String, Action> ACTIONS =
      Map.of(
          "Acknowledge",
          (service, c, session, in) -> service.acknowledge(c, session, eventId(in), comment(in)),
          "AddComment",
          (service, c, session, in) -> service.addComment(c, session, eventId(in), comment(in)),
          "Enable",
          (service, c, session, in) -> service.enable(c, session),
          "Disable",
          (service, c, session, in) -> service.disable(c, session));

  private ConditionMethods() {}

  static void install(AlarmCondition condition, AlarmService service) {
    for (UaMethodNode method : condition.node().getMethodNodes()) {
      Action action = ACTIONS.get(method.getBrowseName().name());
      if (action != null) { // the other methods were removed when the condition node was created
        method.setInvocationHandler(new Handler(method, service, condition, action));
      }
    }
  }

  private static ByteString eventId(Variant[] inputs) {
    return (ByteString) inputs[0].getValue();
  }

  private static LocalizedText comment(Variant[] inputs) {
    return (LocalizedText) inputs[1].getValue();
  }

  /**
   * One handler for every condition method. Milo checks the inputs against the method instance's
   * own InputArguments property (what clients browse), so the signature has a single source.
   */
  private static final class Handler extends AbstractMethodInvocationHandler {
    private static final Argument[] NONE = new Argument[0];

    private final AlarmService service;
    private final AlarmCondition condition;
    private final Action action;

    Handler(UaMethodNode node, AlarmService service, AlarmCondition condition, Action action) {
      super(node);
      this.service = service;
      this.condition = condition;
      this.action = action;
    }

    @Override
    public Argument[] getInputArguments() {
      Argument[] declared = getNode().getInputArguments();
      return declared == null ? NONE : declared;
    }

    @Override
    public Argument[] getOutputArguments() {
      return NONE;
    }

    @Override
    protected Variant[] invoke(InvocationContext context, Variant[] inputs) throws UaException {
      action.run(service, condition, context.getSession().orElse(null), inputs);
      return new Variant[0];
    }
  }
}
