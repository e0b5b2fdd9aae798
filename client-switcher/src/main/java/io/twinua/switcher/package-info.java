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
 * <p>Packages: {@code discovery} finds the set and opens sessions (endpoint, security and
 * identity per server); this package decides and carries out switches ({@link
 * io.twinua.switcher.SwitchPolicy}, {@link io.twinua.switcher.ServerLink}) and keeps the data
 * subscriptions ({@link io.twinua.switcher.DataFeed}, history {@link io.twinua.switcher.Backfill},
 * exactly-once {@link io.twinua.switcher.SampleGate}).
 */
package io.twinua.switcher;
