package io.twinua.server.testing;

import io.twinua.server.diagnostics.StationSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Station snapshots for tests of what renders them (JSON, the diag table, the status page). */
public final class SampleSnapshots {

  public static final Instant T = Instant.parse("2026-12-02T01:02:03.456Z");

  private SampleSnapshots() {}

  /** A Master with its Standby partner UP, a serial link, one AS, three clients and one message. */
  public static StationSnapshot masterWithSerialLink() {
    return new StationSnapshot("STATION-A", "urn:twinua:station:STATION-A", T, "Master", "Master", 7, 255, "PrefSelf",
        true, false, new StationSnapshot.Validation(255, 200),
        Map.of("stabilityDelay", new StationSnapshot.Timer(0, 5000)),
        new StationSnapshot.Partner("STATION-B", "Standby", "UP", "UP", "UP", 3L, true, true),
        new StationSnapshot.Links(new StationSnapshot.Link("UP", null, null, null, null),
            new StationSnapshot.Link("UP", "/dev/pts/3", 10L, 9L, 1L), StationSnapshot.Link.notConfigured()),
        new StationSnapshot.AsConnections(List.of(new StationSnapshot.As("AS1", "CONNECTED", T, null)),
            List.of(new StationSnapshot.As("AS1", "CONNECTED", null, null))),
        new StationSnapshot.Clients(3, 2),
        new StationSnapshot.Health("HEALTHY", List.of(new StationSnapshot.Part("archiving", "ALIVE", T, null))),
        new StationSnapshot.Sync(false, T, null, null),
        List.of(new StationSnapshot.Message(T, 1012200, "Partner station failure", "STATION-B")));
  }

}
