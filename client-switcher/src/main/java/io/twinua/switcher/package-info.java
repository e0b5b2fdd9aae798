/**
 * Client side of a non-transparent redundant OPC UA server set (Part 4 §6.6.2.4): find the
 * set, use the preferred server while it is Healthy, switch fast when it fails, come back after a
 * hold-off, and keep the application's subscriptions complete across every switch.
 *
 * <p>Depends on the Milo client only; works with any server set that publishes
 * {@code ServerRedundancy} and {@code ServiceLevel}. Typical use (what {@code twinua subscribe}
 * prints as JSON lines):
 *
 * <pre>{@code
 * try (ServerTrust trust = ServerTrust.pkiDirectory(pkiDir);
 *      RedundantClient client = RedundantClient.create(SwitcherConfig.create(b -> b
 *          .url("opc.tcp://10.0.0.1:4840").url("opc.tcp://10.0.0.2:4840")
 *          .preference(Preference.master()).mode(FailoverMode.HOT)
 *          .defaultAccess(ServerAccess.anonymousInsecure().withUser("op", password)
 *              .withSecurity(ClientCertificate.fromKeyStore(p12, "client", pw), SecurityPolicy.Basic256Sha256))
 *          .trust(trust)))) {
 *   client.addSwitchListener(e -> print(e.from(), e.to(), e.reason(), e.automatic(), e.at()));
 *   client.start(Duration.ofSeconds(10)).get();          // fails: no server of the set reachable
 *   client.subscribe(List.of("nsu=urn:twinua:demo-plant;s=Plant.Intake.Pump1.RunSeconds"),
 *       s -> print(s.node(), s.value().getValue(), s.sourceTime(), s.receivedAt(), s.serverUri(), s.backfill()));
 *   ...
 * }
 * }</pre>
 *
 * <p>Events: {@link io.twinua.switcher.RedundantClient#subscribeEvents} (e.g. on the Server
 * object {@code i=2253} with the application's select and where clauses) is re-created on every
 * new server, which is then asked for ConditionRefresh (Part 9 §5.5.7): the current state of every
 * retained condition arrives flagged {@link io.twinua.switcher.Event#refresh()}; the
 * RefreshStart/RefreshEnd markers are filtered out (the library adds an EventType select clause
 * to see them and strips it again). Event subscriptions are always Cold: plain events raised
 * between the loss and the switch are not recovered, condition states are (by the refresh).
 *
 * <p>Requests: {@link io.twinua.switcher.RedundantClient#write}, {@link
 * io.twinua.switcher.RedundantClient#call} (e.g. an alarm Acknowledge) and {@link
 * io.twinua.switcher.RedundantClient#onCurrent} (reads, history reads, anything else) go to the
 * current server and are sent once: never retried, never sent to another server. A request cut off
 * by a switch fails with the cause's status (Bad_ConnectionClosed, Bad_Timeout, ...) and a message
 * naming the server whose outcome is unknown; with no server reachable, Bad_NotConnected.
 *
 * <p>Maintenance: a server at ServiceLevel 0 is left like any non-Healthy one; if it published
 * {@code Server/EstimatedReturnTime} then, the client does not return to it before that time while
 * the server still publishes it (a restarted server without one is used again after the hold-off).
 * TwinUA stations announce Maintenance on a planned stop and while an engineer writes 1 to
 * {@code @RM_MAINTENANCE}. Optionally ({@link io.twinua.switcher.SwitcherConfig#processFaultNode})
 * a per-server process-connection fault variable is a reason to switch too.
 *
 * <p>Packages: {@code discovery} finds the set and opens sessions (endpoint, security and
 * identity per server); this package decides and carries out switches ({@link
 * io.twinua.switcher.SwitchPolicy}, {@link io.twinua.switcher.ServerLink}) and keeps the data
 * subscriptions ({@link io.twinua.switcher.DataFeed}, history {@link io.twinua.switcher.Backfill},
 * exactly-once {@link io.twinua.switcher.SampleGate}) and the event subscriptions ({@link
 * io.twinua.switcher.EventFeed}).
 */
package io.twinua.switcher;
