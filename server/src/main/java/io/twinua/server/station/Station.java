package io.twinua.server.station;

import io.twinua.server.alarms.AlarmService;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.ProjectValidator;
import io.twinua.server.config.StationConfig;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.nodeset.NodeSetLoader;
import io.twinua.server.nodeset.NodeSetModel;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.plant.ServerEventHistoryFragment;
import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.process.ProcessConnection;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.UserDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One TwinUA station: its OPC UA server showing the plant, its own process connection to every
 * automation station, its own archives. Start-up is all or nothing: any bad file, unusable
 * archive, PKI problem or unbound endpoint stops it with a message naming the cause, and
 * whatever was already started is stopped again in reverse order.
 */
public final class Station implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Station.class);

  private final StationConfig config;
  private final ProjectConfig project;
  private final Deque<AutoCloseable> stops = new ArrayDeque<>();
  private StationServer server;
  private ProcessData processData;
  private List<ProcessConnection> connections = List.of();

  private Station(StationConfig config, ProjectConfig project) {
    this.config = config;
    this.project = project;
  }

  public static Station start(StationConfig config) throws StationException {
    MDC.put("station", config.name());
    ProjectConfig project = load(() -> ProjectLoader.load(config.projectFile()));
    Station station = new Station(config, project);
    try {
      station.startup();
      return station;
    } catch (StationException | RuntimeException e) {
      station.close();
      throw e;
    }
  }

  private interface Loader<T> {
    T load() throws Exception;
  }

  private static <T> T load(Loader<T> loader) throws StationException {
    try {
      return loader.load();
    } catch (StationException e) {
      throw e;
    } catch (Exception e) {
      throw new StationException(e.getMessage(), e);
    }
  }

  private void startup() throws StationException {
    NodeSetModel plant = load(() -> NodeSetLoader.load(project.nodeSetFile()));
    load(() -> { ProjectValidator.validate(project, plant); return null; });
    Path dataDir = config.dataDir();
    stops.push(DataDirLock.acquire(dataDir));

    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "station-" + config.name());
      t.setDaemon(true);
      return t;
    });
    stops.push(() -> {
      scheduler.shutdownNow();
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    });

    ArchiveDatabase archive = load(() -> ArchiveDatabase.open(dataDir.resolve("archive").resolve("twinua.db"), ArchiveSettingsMapping.of(project, config.name())));
    stops.push(archive);

    UserDirectory users = load(() -> UserDirectory.load(project.usersFile()));
    StationPki pki = load(() -> StationPki.open(dataDir.resolve("pki"), config.applicationUri(), List.of(config.hostname())));
    stops.push(pki);

    server = load(() -> StationServer.create(config, project, pki, users));
    stops.push(server);
    // ... wiring continues in StationWiring
    processData = new ProcessData(server.plant(), archive.values(), server.alarms());
    connections = project.automationStations().stream()
        .map(as -> new ProcessConnection(as, project.tagsOf(as.name()), processData, scheduler, Clock.systemUTC()))
        .toList();
    server.startup();
    for (ProcessConnection c : connections) {
      stops.push(c);
      c.start();
    }
    LOG.info("station {} running: {} | data {} | pki {} | project {} ({} AS, {} tags)",
        config.name(), String.join(", ", server.endpointUrls()), dataDir, dataDir.resolve("pki"),
        project.name(), project.automationStations().size(), project.tags().size());
  }

  public StationConfig config() {
    return config;
  }

  public ProjectConfig project() {
    return project;
  }

  public List<AsConnectionStatus> asConnections() {
    return connections.stream().map(ProcessConnection::status).toList();
  }

  @Override
  public void close() {
    while (!stops.isEmpty()) {
      AutoCloseable c = stops.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("station {}: error while stopping {}: {}", config.name(), c, e.toString());
      }
    }
  }
}
