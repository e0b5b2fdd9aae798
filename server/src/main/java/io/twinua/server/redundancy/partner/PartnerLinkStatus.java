package io.twinua.server.redundancy.partner;

import io.twinua.server.redundancy.LinkState;
import java.time.Instant;
import java.util.Objects;

/** The link's state, since when, and why (the reason is meant for operators' log lines). */
public record PartnerLinkStatus(LinkState state, Instant since, String reason) {

  public PartnerLinkStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean isUp() {
    return state == LinkState.UP;
  }
}
