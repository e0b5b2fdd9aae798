package io.twinua.server.redundancy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this station knows of its partner (for diagnostics and the system tags).
 *
 * @param latest the newest partner heartbeat from any link (may be old when the partner is lost)
 * @param links every configured link and its state
 * @param failedAt when the partner was last lost (all links DOWN), empty if never
 * @param backAt when it was last heard again after such a loss, empty if never
 * @param projectsEquivalent false while the partner reports another project digest
 */
public record PartnerView(
    Optional<Heartbeat> latest,
    Map<LinkId, LinkStatus> links,
    Optional<Instant> failedAt,
    Optional<Instant> backAt,
    boolean projectsEquivalent) {

  public Set<LinkId> linksUp() {
    return links.values().stream().filter(LinkStatus::up).map(LinkStatus::link)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** At least one link is UP. */
  public boolean reachable() {
    return links.values().stream().anyMatch(LinkStatus::up);
  }
}
