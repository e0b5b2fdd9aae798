package io.twinua.server.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * The partner's own AS connections, as its diagnostics show them ({@code @Diagnostics/as/local}
 * at the partner), read over the partner link's session without waiting: {@link #refresh()} asks,
 * the answer lands in {@link #latest()} when it comes. Empty while the partner is not connected.
 */
public final class PartnerAs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NODE = DiagnosticsNodes.OBJECT_ID + "/as/local";

  private final Supplier<Optional<OpcUaClient>> partner;
  private final String plantNamespaceUri;
  private volatile List<StationSnapshot.As> latest = List.of();

  public PartnerAs(Supplier<Optional<OpcUaClient>> partner, String plantNamespaceUri) {
    this.partner = partner;
    this.plantNamespaceUri = plantNamespaceUri;
  }

  /** Asks the partner anew (asynchronously); forgets what it said while there is no session. */
  public void refresh() {
    Optional<OpcUaClient> client = partner.get();
    if (client.isEmpty()) {
      latest = List.of();
      return;
    }
    UShort ns = client.get().getNamespaceTable().getIndex(plantNamespaceUri);
    if (ns == null) {
      return;
    }
    client.get().readValuesAsync(0, TimestampsToReturn.Neither, List.of(new NodeId(ns, NODE))).whenComplete((values, e) -> {
      if (e == null && values.get(0).getStatusCode().isGood() && values.get(0).getValue().getValue() instanceof String text) {
        latest = parse(text);
      } else {
        latest = List.of(); // an older partner without diagnostics, or the session just went
      }
    });
  }

  public List<StationSnapshot.As> latest() {
    return latest;
  }

  static List<StationSnapshot.As> parse(String text) {
    List<StationSnapshot.As> out = new ArrayList<>();
    try {
      for (JsonNode a : JSON.readTree(text)) {
        out.add(new StationSnapshot.As(a.path("name").asText(), a.path("state").asText(),
            a.hasNonNull("since") ? Instant.parse(a.get("since").asText()) : null,
            a.hasNonNull("reason") ? a.get("reason").asText() : null));
      }
    } catch (Exception e) {
      return List.of();
    }
    return out;
  }
}
