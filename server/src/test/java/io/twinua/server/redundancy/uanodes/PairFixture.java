package io.twinua.server.redundancy.uanodes;

import io.twinua.server.security.ProjectCa;
import io.twinua.server.security.Role;
import io.twinua.server.security.UserDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * Two stations A and B of one project (one CA), with users of every role and a partner
 * certificate pinned on each, and a master switch handler that records its calls.
 */
final class PairFixture implements AutoCloseable {

  static final String ENGINEER = "erik";
  static final String OPERATOR = "olivia";
  static final String VIEWER = "viktor";
  static final List<String> ARCHIVES = List.of("Recipes", "Batches");

  /** One {@code @RM_MASTER} write the handler saw ({@code @RM_MAINTENANCE}: station "A @RM_MAINTENANCE"). */
  record SwitchCall(String station, boolean wantMaster) {}

  final ProjectCa ca;
  final UaClients.App hmi;
  /** The certificate station A pins as its partner's (so this app logs in to A as PARTNER). */
  final UaClients.App partnerOfA;
  final PairTestStation a;
  final PairTestStation b;
  private final List<SwitchCall> calls;
  private final AtomicReference<StatusCode> answer;

  private PairFixture(
      ProjectCa ca,
      UaClients.App hmi,
      UaClients.App partnerOfA,
      PairTestStation a,
      PairTestStation b,
      List<SwitchCall> calls,
      AtomicReference<StatusCode> answer) {
    this.ca = ca;
    this.hmi = hmi;
    this.partnerOfA = partnerOfA;
    this.a = a;
    this.b = b;
    this.calls = calls;
    this.answer = answer;
  }

  static PairFixture start(Path dir) throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    UserDirectory users =
        UserDirectory.empty()
            .addOrReplace(ENGINEER, Role.ENGINEER, password(ENGINEER))
            .addOrReplace(OPERATOR, Role.OPERATOR, password(OPERATOR))
            .addOrReplace(VIEWER, Role.VIEWER, password(VIEWER));
    String uriA = "urn:twinua:station:A";
    String uriB = "urn:twinua:station:B";
    var hmi = new UaClients.App("urn:twinua:hmi:panel-1", ca.issue("urn:twinua:hmi:panel-1", List.of()));
    var partnerOfA = new UaClients.App(uriB, ca.issue(uriB, List.of("127.0.0.1")));
    var partnerOfB = ca.issue(uriA, List.of("127.0.0.1"));
    List<SwitchCall> calls = new CopyOnWriteArrayList<>();
    AtomicReference<StatusCode> answer = new AtomicReference<>(StatusCode.GOOD);
    PairTestStation a =
        PairTestStation.start(dir, ca, "A", List.of(uriA, uriB), users, partnerOfA.certificate().certificate(),
            ARCHIVES, (want, session) -> record(calls, answer, "A", want),
            (on, session) -> record(calls, answer, "A " + SystemTags.RM_MAINTENANCE, on));
    try {
      PairTestStation b =
          PairTestStation.start(dir, ca, "B", List.of(uriA, uriB), users, partnerOfB.certificate(),
              ARCHIVES, (want, session) -> record(calls, answer, "B", want),
              (on, session) -> record(calls, answer, "B " + SystemTags.RM_MAINTENANCE, on));
      return new PairFixture(ca, hmi, partnerOfA, a, b, calls, answer);
    } catch (Exception | Error e) {
      a.close();
      throw e;
    }
  }

  /** Calls the handlers saw so far. */
  List<SwitchCall> calls() {
    return List.copyOf(calls);
  }

  void clearCalls() {
    calls.clear();
  }

  /** What the handlers answer from now on. */
  void answer(StatusCode status) {
    answer.set(status);
  }

  private static StatusCode record(
      List<SwitchCall> calls, AtomicReference<StatusCode> answer, String station, boolean want) {
    calls.add(new SwitchCall(station, want));
    return answer.get();
  }

  static char[] password(String user) {
    return (user + "-password").toCharArray();
  }

  static IdentityProvider login(String user) {
    return new UsernameProvider(user, new String(password(user)));
  }

  OpcUaClient connect(PairTestStation station, IdentityProvider identity) throws Exception {
    return UaClients.connect(station.endpointUrl, hmi, identity, ca.certificate());
  }

  OpcUaClient anonymous(PairTestStation station) throws Exception {
    return connect(station, new AnonymousProvider());
  }

  /** The partner's session on A: X.509 login with the pinned certificate on its own channel. */
  OpcUaClient partnerOnA() throws Exception {
    return UaClients.connect(a.endpointUrl, partnerOfA, partnerOfA.certificateLogin(), ca.certificate());
  }

  @Override
  public void close() throws Exception {
    try {
      a.close();
    } finally {
      b.close();
    }
  }
}
