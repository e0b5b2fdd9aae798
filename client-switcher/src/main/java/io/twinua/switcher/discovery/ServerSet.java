package io.twinua.switcher.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of one non-transparent redundant set and the URL that reaches each (Part 4
 * §6.6.2.4.1: a client finds the set from ServerRedundancy's ServerUriArray).
 *
 * @param support what the servers declare in {@code ServerRedundancy/RedundancySupport}
 * @param servers in ServerUriArray order, then servers only the caller's URLs named
 */
public record ServerSet(RedundancySupport support, List<Member> servers) {

  private static final Logger LOG = LoggerFactory.getLogger(ServerSet.class);

  /** One server of the set: its application URI and a URL that answered GetEndpoints. */
  public record Member(String serverUri, String url) {
    public Member {
      Objects.requireNonNull(serverUri, "serverUri");
      Objects.requireNonNull(url, "url");
    }
  }

  public ServerSet {
    Objects.requireNonNull(support, "support");
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a server set needs at least one server");
    }
  }

  public Optional<Member> member(String serverUri) {
    return servers.stream().filter(m -> m.serverUri.equals(serverUri)).findFirst();
  }

  /**
   * Finds the set from any of {@code urls}: each reachable URL names its server (GetEndpoints);
   * the first one reached with a session tells RedundancySupport and ServerUriArray; servers of
   * the array no URL reached are looked up with FindServers on the reached ones.
   *
   * @return fails with Bad_NotConnected when no URL answers
   */
  public static CompletableFuture<ServerSet> discover(List<String> urls, Connector connector) {
    if (urls.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no endpoint URL given"));
    }
    Map<String, CompletableFuture<Optional<String>>> uriByUrl = new LinkedHashMap<>();
    for (String url : urls) {
      uriByUrl.put(url, connector.endpoints(url)
          .thenApply(eps -> eps.stream().findFirst().map(e -> e.getServer().getApplicationUri()))
          .exceptionally(ex -> {
            LOG.info("discovery: {} did not answer GetEndpoints ({})", url, Connector.describe(ex));
            return Optional.empty();
          }));
    }
    return CompletableFuture.allOf(uriByUrl.values().toArray(CompletableFuture[]::new))
        .thenCompose(done -> {
          Map<String, String> urlByUri = new LinkedHashMap<>();
          uriByUrl.forEach((url, f) -> f.join().ifPresent(uri -> urlByUri.putIfAbsent(uri, url)));
          if (urlByUri.isEmpty()) {
            return CompletableFuture.failedFuture(
                new UaException(StatusCodes.Bad_NotConnected, "no server of " + urls + " answered"));
          }
          return readRedundancy(List.copyOf(urlByUri.values()), connector, 0)
              .thenCompose(r -> complete(r, urlByUri, connector));
        });
  }

  private record Redundancy(RedundancySupport support, List<String> serverUris) {}

  /** RedundancySupport and ServerUriArray of the first URL that gives a session. */
  private static CompletableFuture<Redundancy> readRedundancy(List<String> urls, Connector connector, int index) {
    if (index >= urls.size()) {
      return CompletableFuture.completedFuture(new Redundancy(RedundancySupport.None, List.of()));
    }
    return connector.connect(urls.get(index))
        .thenCompose(client -> client.readValuesAsync(0.0, TimestampsToReturn.Neither,
                List.of(NodeIds.Server_ServerRedundancy_RedundancySupport, NodeIds.Server_ServerRedundancy_ServerUriArray))
            .whenComplete((v, ex) -> client.disconnectAsync())
            .thenApply(ServerSet::redundancy))
        .exceptionallyCompose(ex -> {
          LOG.info("discovery: no session with {} ({})", urls.get(index), Connector.describe(ex));
          return readRedundancy(urls, connector, index + 1);
        });
  }

  private static Redundancy redundancy(List<DataValue> values) {
    RedundancySupport support = RedundancySupport.None;
    if (values.get(0).getValue().getValue() instanceof Integer i && RedundancySupport.from(i) != null) {
      support = RedundancySupport.from(i);
    }
    List<String> uris = values.get(1).getValue().getValue() instanceof String[] array ? List.of(array) : List.of();
    return new Redundancy(support, uris);
  }

  private static CompletableFuture<ServerSet> complete(Redundancy r, Map<String, String> urlByUri, Connector connector) {
    List<String> missing = r.serverUris.stream().filter(uri -> !urlByUri.containsKey(uri)).toList();
    CompletableFuture<Map<String, String>> found = missing.isEmpty()
        ? CompletableFuture.completedFuture(Map.of())
        : findServers(List.copyOf(urlByUri.values()), missing, connector);
    return found.thenApply(more -> {
      List<Member> members = new ArrayList<>();
      for (String uri : r.serverUris) {
        String url = urlByUri.getOrDefault(uri, more.get(uri));
        if (url != null) {
          members.add(new Member(uri, url));
        } else {
          LOG.warn("discovery: ServerUriArray names {} but no URL reaches it; it is left out", uri);
        }
      }
      urlByUri.forEach((uri, url) -> {
        if (!r.serverUris.contains(uri)) {
          members.add(new Member(uri, url));
        }
      });
      var set = new ServerSet(r.support, members);
      LOG.info("discovery: redundancy {}, servers {}", set.support, set.servers);
      return set;
    });
  }

  /** FindServers on every reached URL; the first discovery URL each missing server gives. */
  private static CompletableFuture<Map<String, String>> findServers(
      List<String> urls, List<String> missing, Connector connector) {
    List<CompletableFuture<List<ApplicationDescription>>> answers = urls.stream()
        .map(url -> DiscoveryClient.findServers(url)
            .orTimeout(connector.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .exceptionally(ex -> List.of()))
        .toList();
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, String> found = new LinkedHashMap<>();
      for (var answer : answers) {
        for (ApplicationDescription app : answer.join()) {
          String[] discoveryUrls = app.getDiscoveryUrls();
          if (missing.contains(app.getApplicationUri()) && discoveryUrls != null && discoveryUrls.length > 0
              && EndpointUtil.getScheme(discoveryUrls[0]) != null) {
            found.putIfAbsent(app.getApplicationUri(), discoveryUrls[0]);
          }
        }
      }
      return found;
    });
  }
}
