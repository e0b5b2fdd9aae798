package io.twinua.server.station;

import io.twinua.server.alarms.AlarmPermissions;
import io.twinua.server.alarms.AlarmService;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryContinuations;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectDigest;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.ProjectValidator;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StatusPageConfig;
import io.twinua.server.diagnostics.DiagnosticsNodes;
import io.twinua.server.diagnostics.PartnerAs;
import io.twinua.server.diagnostics.RecentMessages;
import io.twinua.server.diagnostics.StationFacts;
import io.twinua.server.diagnostics.SnapshotJson;
import io.twinua.server.diagnostics.StationSnapshot;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.health.FaultInjection;
import io.twinua.server.health.FaultInjectionMethod;
import io.twinua.server.health.PingLoop;
import io.twinua.server.health.Pulse;
import io.twinua.server.health.ResourceWatch;
import io.twinua.server.health.restart.RestartHistory;
import io.twinua.server.health.restart.RestartMethod;
import io.twinua.server.health.restart.RestartPolicy;
import io.twinua.server.health.restart.StationRestart;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.nodeset.NodeSetLoader;
import io.twinua.server.nodeset.NodeSetModel;
import io.twinua.server.archive.digest.ArchiveDigestMethod;
import io.twinua.server.archive.digest.PartnerDigests;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.plant.ServerEventHistoryFragment;
import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.process.ProcessConnection;
import io.twinua.server.recipes.UserArchiveMethods;
import io.twinua.server.redundancy.LocalStatus;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.redundancy.StationRedundancy;
import io.twinua.server.redundancy.partner.clock.ClockSample;
import io.twinua.server.redundancy.partner.clock.PartnerClockCheck;
import io.twinua.server.security.PartnerCertificate;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.UserDirectory;
import io.twinua.server.sync.GapLedger;
import io.twinua.server.sync.DigestCompare;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.SyncKind;
import io.twinua.server.sync.online.PartnerAlarmSync;
import io.twinua.server.sync.online.PartnerMessageSync;
import io.twinua.server.sync.records.InternalTagSync;
import io.twinua.server.sync.records.RecordSyncMethods;
import io.twinua.server.sync.records.UserArchiveSync;
import io.twinua.server.uaclient.ClientExecutors;
import io.twinua.server.web.StatusPageServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One TwinUA station: its OPC UA server showing the plant, its own process connection to every
 * automation station, its own archives. Start-up is all or nothing: a bad file, an unusable
 * archive, a PKI problem or an unbound endpoint stops it with a message naming the cause, and
 * whatever was already started is stopped again, in reverse order.
 */
public final class Station implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Station.class);
  /** History responses are capped so one request cannot hold the archive or the channel. */
  private static final int MAX_HISTORY_VALUES_PER_RESPONSE = 10_000;
  /** A sync worker busy this long without a step is hung: its partner requests time out within seconds. */
  private static final Duration SYNC_STILL = Duration.ofSeconds(60);
  /** A worker that never waits for the network (a periodic check, a lock) busy this long is stuck. */
  private static final Duration WORKER_STILL = Duration.ofSeconds(5);
  /** How long a monitored part may look dead before it counts (one slow round is no failure). */
  private static final Duration GRACE = Duration.ofSeconds(5);
  /** How long a write queue may stay full before the station goes to Fault (a burst is shorter). */
  private static final Duration QUEUE_FULL_GRACE = Duration.ofSeconds(10);
  private static final String ALARM_SERVICE = "alarm service";

  private final StationConfig config;
  private final ProjectConfig project;
  private final Clock clock = Clock.systemUTC();
  private final Deque<AutoCloseable> stops = new ArrayDeque<>();
  private final List<ProcessConnection> connections = new ArrayList<>();
  private StationServer server;
  private ArchiveDatabase archive;
  private PlantNamespace plant;
  private SystemMessages systemMessages;
  private ProcessData processData;
  private StationRedundancy redundancy;
  private ApplicationHealth health;
  private GapSync gapSync;
  private DigestCompare digestCompare;
  private final Map<String, Pulse> recordSyncPulses = new LinkedHashMap<>();
  private final RecentMessages recentMessages = new RecentMessages();
  private StationFacts facts;
  private final boolean supervised;
  private StationRestart restart;
  /** Redundancy runs (the role machine exists): set once start-up is through. */
  private volatile boolean running;
  private final FaultInjection faults = new FaultInjection();
  /** Raises messages of Milo's threads (1012370, 1012371) once system messages exist, never blocking them. */
  private volatile BiConsumer<SystemMessage, String> fromMilo = (message, detail) -> LOG.warn("{}", message.format(detail));

  private Station(StationConfig config, ProjectConfig project, boolean supervised) {
    this.config = config;
    this.project = project;
    this.supervised = supervised;
  }

  /** A station that nobody starts again when it exits: it refuses whole-station restarts (1012359). */
  public static Station start(StationConfig config) throws StationException {
    return start(config, false);
  }

  /**
   * @param supervised a supervisor starts the station again when it exits after {@link
   *     #restartRequested()} (tools/twinua station)
   */
  public static Station start(StationConfig config, boolean supervised) throws StationException {
    MDC.put("station", config.name());
    ProjectConfig project = StationFiles.load(() -> ProjectLoader.load(config.projectFile()));
    Station station = new Station(config, project, supervised);
    try {
      station.startup();
      return station;
    } catch (StationException | RuntimeException e) {
      station.close();
      throw e;
    }
  }

  private void startup() throws StationException {
    NodeSetModel plantModel = StationFiles.load(() -> NodeSetLoader.load(project.nodeSetFile()));
    StationFiles.run(() -> ProjectValidator.validate(project, plantModel));
    for (String as : config.asEndpoints().keySet()) {
      if (project.automationStation(as).isEmpty()) {
        throw new StationException(config.sourceFile() + ": asEndpoints." + as
            + ": no automation station " + as + " in project " + project.sourceFile());
      }
    }
    Path dataDir = config.dataDir();
    stops.push(DataDirLock.acquire(dataDir));

    ExecutorService executor = Executors.newCachedThreadPool(threads(config.name() + "-ua"));
    // Milo's publishing timers and our periodic checks; nothing on it waits for the network
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, threads(config.name() + "-timer"));
    stops.push(() -> shutdown(executor, scheduler));
    // the station's own Milo clients (AS, partner) run apart from its server; stopped before the
    // pools above (stops run in reverse), after the clients themselves
    ClientExecutors clientExecutors = ClientExecutors.create(pool -> threads(config.name() + "-" + pool));
    stops.push(clientExecutors);

    archive = StationFiles.load(() -> ArchiveDatabase.open(
        dataDir.resolve("archive").resolve("twinua.db"), project.archive()));
    stops.push(archive);
    UserArchives userArchives = UserArchives.open(
        archive, project.userArchives().stream().map(ProjectMapping::userArchive).toList(), config.name(), clock);

    UserDirectory users = StationFiles.load(() -> UserDirectory.load(project.usersFile()));
    StationPki pki = StationFiles.load(() -> StationPki.open(dataDir.resolve("pki"), config.applicationUri(), List.of(config.hostname())));
    stops.push(pki);

    boolean allowNone = project.security().allowSecurityPolicyNone();
    boolean allowAnonymous = project.security().allowAnonymous();
    Optional<PartnerCertificate> partnerCertificate = config.redundancy().isEmpty() ? Optional.empty()
        : Optional.of(StationFiles.load(() -> PartnerCertificate.fromFile(config.redundancy().get().partner().certificate())));
    server = StationServer.create(config.name(), config.bindAddress(), config.hostname(), config.port(),
        project.security(), project.sessions(), project.requests(), (message, detail) -> fromMilo.accept(message, detail), pki, users, partnerCertificate, executor, scheduler,
        threads(config.name() + "-netty"), threads(config.name() + "-archive-read"));
    stops.push(server);
    server.readsAfterWrites(archive.values());
    OpcUaServer milo = server.milo();
    if (allowNone || allowAnonymous) {
      LOG.warn("project {} allows {}{}{}: clients may browse, read, subscribe and read history without login "
              + "(read-only). Use this for demos only.",
          project.name(), allowAnonymous ? "anonymous access" : "", allowNone && allowAnonymous ? " and " : "",
          allowNone ? "SecurityPolicy None" : "");
    }

    var continuations = new HistoryContinuations(project.history().continuationPointsPerSession(),
        project.history().continuationPointsTotal());
    milo.getSessionManager().addSessionListener(new SessionListener() {
      @Override
      public void onSessionClosed(Session session) {
        continuations.dropSession(session.getSessionId());
      }
    });
    var rawHistory = new RawHistoryReader(archive.rawValues(), continuations, milo.getStaticEncodingContext(), MAX_HISTORY_VALUES_PER_RESPONSE);
    var eventHistory = new EventHistoryReader(archive.messages(), continuations, milo.getStaticEncodingContext(),
        MAX_HISTORY_VALUES_PER_RESPONSE, project.history().maxSelectClauses());
    var access = new RoleBasedAccess();
    var budgeted = new BudgetedHistory(rawHistory, eventHistory, project.history().maxValuesPerRequest(),
        server::responseLimit);

    Set<String> archived = ProjectMapping.historizedNodes(project);
    Set<String> internal = project.internalTags().stream().map(t -> t.node()).collect(Collectors.toSet());
    InternalTags internalTags = new InternalTags(project, archive);
    plant = new PlantNamespace(milo, project.namespaceUri(), plantModel, archived, internal,
        ProjectMapping.processTags(project), access, budgeted.plant(),
        internalTags);
    stops.push(plant::shutdown);
    StationFiles.run(plant::startup);
    internalTags.restoreInto(plant);
    // filled as the AS connections start below; a setpoint write before that gets Bad_NotConnected
    Map<String, ProcessConnection> asConnections = new ConcurrentHashMap<>();
    server.routeSetpoints(new SetpointWrites(milo, plant, project.tags(),
        as -> Optional.ofNullable(asConnections.get(as))));

    var events = new ServerEventHistoryFragment(milo, access, budgeted.events());
    events.register();
    stops.push(events::unregister);

    systemMessages = new SystemMessages(milo, config.name(), m -> {
      recentMessages.add(m);
      archive.messages().append(MessageRecords.of(m));
    }, clock);
    SystemMessages messages = systemMessages;
    fromMilo = (message, detail) -> {
      try {
        executor.execute(() -> messages.raise(message, detail));
      } catch (RejectedExecutionException stopping) {
        LOG.warn("while stopping: {}", message.format(detail));
      }
    };
    List<LimitAlarmDefinition> limitAlarms = project.alarms().stream().map(a -> ProjectMapping.alarm(a, plant)).toList();
    AlarmService alarms = new AlarmService(milo, plant, config.name(), limitAlarms,
        AlarmPermissions.of(access::mayAcknowledge, access::mayEnableAlarms),
        a -> archive.messages().append(MessageRecords.of(a)), clock);
    alarms.restore(ArchivedConditions.latest(archive.messages(), limitAlarms));

    new ArchiveDigestMethod(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        archive.digests()).install();
    new RecordSyncMethods(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        userArchives, internalTags, RecordSyncMethods.PARTNER, clock).install();

    redundancy = new StationRedundancy(config);
    stops.push(redundancy);
    redundancy.install(milo, plant, userArchives.names());
    String digest = StationFiles.load(() -> ProjectDigest.of(project));
    restart = new StationRestart(new RestartPolicy(config.restart()), RestartHistory.in(dataDir), this::restartSituation,
        systemMessages::raise, scheduler, clock);
    RestartMethod.install(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(), digest,
        restart);
    Optional<UserArchiveSync> recipeSync = config.redundancy().isEmpty() ? Optional.empty()
        : Optional.of(startRecordSync(dataDir, userArchives, internalTags));
    new UserArchiveMethods(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        userArchives, access, recipeSync.map(UserArchiveSync::changes).orElse(record -> { })).install();

    server.startup();
    alarms.startup();
    stops.push(alarms::shutdown);
    internalTags.feedAlarms(alarms, plant);

    if (config.redundancy().isPresent()) {
      startGapSync(dataDir);
    }
    processData = new ProcessData(plant, archive.values(), alarms);
    for (var as : project.automationStations()) {
      var connection = new ProcessConnection(config.localView(as), project.tagsOf(as.name()), processData, scheduler,
          clientExecutors, clock);
      connections.add(connection);
      asConnections.put(as.name(), connection);
      stops.push(connection);
      connection.start();
    }
    if (gapSync != null) {
      gapSync.start(); // watches the connections just started for faults
    }
    health = new ApplicationHealth(new HealthReports(),
        // values refused by a full archive queue are missing here but not on the partner
        (application, problem) -> systemMessages.raise(SystemMessage.ARCHIVE_INCONSISTENCY_POSSIBLE, application + ": " + problem),
        clock);
    stops.push(faults); // stopped before the parts it may hold (a held alarm lock would block their stop)
    // archiving: the writer must keep committing while values wait (a locked or hung database).
    // Not restartable: a hung writer holds the archive's connection and transaction, and a second
    // writer would wait on the same lock (or commit out of order behind it)
    health.monitor("archiving", GRACE, ApplicationHealth.progress(
        () -> archive.values().stats().queued(), () -> archive.values().stats().written(),
        Duration.ofSeconds(5), clock));
    ApplicationHealth.Probe valueRefusals = ApplicationHealth.refusing("value archive",
        () -> archive.values().stats().notArchived(), () -> archive.values().stats().full());
    // once writing stopped (data volume) the refusals are no full queue: say so, with the count
    health.watch("archiving", () -> valueRefusals.problem().map(p -> archive.writingStopped()
        .map(why -> "value archiving stopped, " + archive.values().stats().notArchived()
            + " values not archived so far (" + why + ")")
        .map(ApplicationHealth.Problem::failure)
        .orElse(p)));
    health.watch("message archiving", ApplicationHealth.refusing("message archive",
        () -> archive.messages().stats().notArchived(), () -> archive.messages().stats().full()));
    // a burst fills a queue for a moment (reported above); one that stays full loses data for good
    health.monitor("archive queue", QUEUE_FULL_GRACE,
        ApplicationHealth.full("value archive", () -> archive.values().stats().full()));
    health.monitor("message archive queue", QUEUE_FULL_GRACE,
        ApplicationHealth.full("message archive", () -> archive.messages().stats().full()));
    for (ProcessConnection c : connections) {
      // restartable: a worker whose periodic check died leaves its client and subscriptions intact
      String part = "process connection " + c.asName();
      health.monitor(part, GRACE, c.pulse(), WORKER_STILL, problem -> c.restartWorker());
      faults.register(part, c.pulse());
    }
    // the alarm service runs on its callers' threads: a thread of its own asks it for a sign of life.
    // Not restartable: its condition states live behind the lock a stuck thread holds.
    PingLoop alarmPing = PingLoop.start(alarms::ping, Duration.ofSeconds(1), threads(config.name() + "-alarm-watch"));
    stops.push(alarmPing);
    health.monitor(ALARM_SERVICE, GRACE, alarmPing.pulse(), WORKER_STILL);
    faults.register(ALARM_SERVICE, alarmPing.pulse(), alarms::holdLock);
    // sync workers are not restarted in place: a stuck one holds its partner session and ledger
    // progress half done, and the restarted station resyncs everything it may have missed anyway
    if (gapSync != null) {
      monitorWorker("gap resync", gapSync.pulse(), SYNC_STILL);
    }
    if (digestCompare != null) {
      monitorWorker("digest compare", digestCompare.pulse(), SYNC_STILL);
    }
    recordSyncPulses.forEach((name, pulse) -> monitorWorker(name, pulse, SYNC_STILL));
    ResourceWatch resources = StationFiles.load(() -> ResourceWatch.of(config.selfDiagnosis(),
        List.of(dataDir, dataDir.resolve("archive")),
        new ResourceWatch.Hooks(archive::stopValueArchiving, archive::writingStopped,
            (what, problem) -> systemMessages.raise(SystemMessage.BLOCKAGE_RESTART_REQUIRED, what + ": " + problem))));
    resources.register(health);
    stops.push(resources);
    resources.start(scheduler);
    stops.push(health);
    health.start(scheduler);
    StationFiles.run(() -> redundancy.start(digest, this::localStatus, systemMessages, pki, project.namespaceUri(),
        scheduler, executor, clientExecutors, clock));
    boolean paired = StationRedundancy.settings(config).redundancyEnabled();
    ServerIsolation isolation = new ServerIsolation(config.selfDiagnosis().isolateOnFault(), () -> !health.healthy(),
        () -> paired ? Optional.of(redundancy.machine().partner()) : Optional.empty(), redundancy.partnerName(),
        new ServerIsolation.Actions() {
          @Override
          public void dropPartner() {
            redundancy.isolate();
          }

          @Override
          public int stopServing() {
            return server.isolate();
          }
        }, systemMessages::raise, executor);
    stops.push(isolation);
    isolation.start(scheduler);
    // operator changes of alarms (acknowledge, enable/disable) follow the partner's and back
    redundancy.partnerLink().ifPresent(link -> {
      // the link's own machinery (connecting, heartbeat watchdog); the partner being away is a link state
      monitorWorker("partner link", link.pulses().get(0), WORKER_STILL);
      monitorWorker("partner link watchdog", link.pulses().get(1), WORKER_STILL);
      var alarmSync = new PartnerAlarmSync(link::state, link::client, alarms, redundancy.partnerName().orElseThrow(),
          project.namespaceUri(), config.name(), systemMessages::raise, PartnerAlarmSync.QUEUE_BOUND);
      stops.push(alarmSync);
      monitorWorker("alarm sync", alarmSync.pulse(), SYNC_STILL);
      alarmSync.start();
      if (gapSync != null && project.sync().includes(SyncKind.MESSAGES)) {
        // system messages of the partner into this archive as they happen; dropped ones via a gap window
        var messageSync = new PartnerMessageSync(link::state, link::client, redundancy.partnerName().orElseThrow(),
            config.name(), archive.messages()::appendWaiting, gapSync::resyncMessages, systemMessages::raise,
            PartnerMessageSync.QUEUE_BOUND, clock);
        stops.push(messageSync);
        monitorWorker("message sync", messageSync.pulse(), SYNC_STILL);
        messageSync.start();
      }
    });
    if (config.diagnostics().faultInjection()) {
      LOG.warn("station {}: fault injection is ON (station file diagnostics.faultInjection): engineers may hang or "
          + "kill its parts {} through {}. Never in a plant.", config.name(), faults.parts(), FaultInjectionMethod.METHOD_ID);
      new FaultInjectionMethod(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
          faults).install();
    }
    startDiagnostics(scheduler);
    var sweep = new AbandonedSubscriptions(server.milo()).start(scheduler, executor);
    stops.push(() -> sweep.cancel(false));
    if (config.statusPage().isPresent()) {
      startStatusPage(config.statusPage().get());
    }
    running = true;
    LOG.info("station {} running: {} | data {} | pki {} | project {} ({} AS, {} tags, {} archived)",
        config.name(), String.join(", ", server.endpointUrls()), dataDir.toAbsolutePath(),
        dataDir.resolve("pki").toAbsolutePath(), project.name(), project.automationStations().size(),
        project.tags().size(), archived.size());
  }

  /** The snapshot of section 8 as nodes under {@code Objects/@Diagnostics}, refreshed every second. */
  private void startDiagnostics(ScheduledExecutorService scheduler) {
    PartnerAs partnerAs = new PartnerAs(redundancy::partnerClient, project.namespaceUri());
    facts = new StationFacts(new StationFacts.Sources(config.name(), config.applicationUri(), redundancy,
        this::asConnections, () -> Optional.ofNullable(health), this::gapSync, this::digestCompare, partnerAs::latest,
        server.milo(), recentMessages, clock));
    DiagnosticsNodes nodes = new DiagnosticsNodes(plant.getNodeContext(), plant.getNodeManager(),
        plant.getNamespaceIndex().intValue());
    nodes.install();
    stops.push(nodes::uninstall);
    nodes.show(facts.snapshot());
    var refresh = scheduler.scheduleWithFixedDelay(() -> {
      try {
        nodes.show(facts.snapshot());
        partnerAs.refresh();
      } catch (RuntimeException e) {
        LOG.warn("diagnostics not refreshed: {}", e.toString());
      }
    }, 1, 1, TimeUnit.SECONDS);
    stops.push(() -> refresh.cancel(false));
  }

  /** The read-only status page on the station's address: the diagnostics JSON, on threads of its own. */
  private void startStatusPage(StatusPageConfig page) throws StationException {
    try {
      StatusPageServer web = StatusPageServer.start(config.name(), config.bindAddress(), page.port(),
          () -> SnapshotJson.text(facts.snapshot()));
      stops.push(web);
    } catch (IOException e) {
      throw new StationException(config.sourceFile() + ": statusPage.port: cannot serve the status page on "
          + config.bindAddress() + ":" + page.port() + ": " + e.getMessage(), e);
    }
  }

  /** Notes this station's own down time before live values arrive; syncs whenever the partner link comes UP. */
  private void startGapSync(Path dataDir) throws StationException {
    var partner = config.redundancy().get().partner();
    GapLedger ledger = StationFiles.load(() -> GapLedger.open(dataDir));
    List<String> archivedTags = ProjectMapping.archivedTags(project);
    GapSync sync = new GapSync(config.name(), project.sync(), ledger, archive, archivedTags,
        () -> connections.stream().allMatch(c -> c.status().isGood()),
        new GapSync.Partner(partner.name(), project.namespaceUri(), redundancy::partnerClient),
        systemMessages::raise, clock, GapSync.Timing.DEFAULT);
    stops.push(sync);
    SyncStateTags shown = SyncStateTags.follow(sync, redundancy.systemTags());
    sync.noteOwnDowntime();
    redundancy.addPartnerLinkListener(sync.linkListener());
    gapSync = sync;
    if (!project.sync().comparesDigests()) {
      LOG.info("Archive digests are not compared with the partner: the project's sync.kinds has no values");
      return;
    }
    DigestCompare compare = new DigestCompare(config.name(), archive.digests(), archivedTags,
        (from, to) -> redundancy.partnerClient().map(c -> new PartnerDigests(c, project.namespaceUri()).fetch(from, to))
            .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("no partner session"))),
        sync, () -> role() == RedundancyRole.MASTER, systemMessages::raise, clock,
        DigestCompare.Timing.of(project.sync()));
    stops.push(compare);
    shown.follow(compare);
    compare.start();
    digestCompare = compare;
  }

  /**
   * Online and return sync of user archives and synchronised internal tags with the partner; they
   * follow the partner link from its start. Returns the user archive sync for the recipe methods.
   */
  private UserArchiveSync startRecordSync(Path dataDir, UserArchives userArchives, InternalTags internalTags)
      throws StationException {
    String partner = config.redundancy().get().partner().name();
    var tags = redundancy.systemTags();
    UserArchiveSync recipes = StationFiles.load(() -> new UserArchiveSync(config.name(), partner, userArchives,
        project.sync(), dataDir, redundancy::partnerClient, project.namespaceUri(), systemMessages::raise,
        new UserArchiveSync.Display() {
          @Override
          public void pending(String archive, boolean pending) {
            tags.showOnlineSyncPending(archive, pending);
          }

          @Override
          public void synchronising(String archive) {
            tags.showOfflineSyncArchive(archive);
          }
        }));
    stops.push(recipes);
    redundancy.addPartnerLinkListener(recipes.linkListener());
    recipes.start();
    recordSyncPulses.put("user archive sync", recipes.pulse());
    if (project.sync().includes(SyncKind.INTERNAL_TAGS) && !internalTags.synchronised().isEmpty()) {
      InternalTagSync values = new InternalTagSync(config.name(), partner, internalTags.synchronised(), internalTags,
          redundancy::partnerClient, project.namespaceUri());
      stops.push(values);
      redundancy.addPartnerLinkListener(values.linkListener());
      internalTags.syncTo(values.changes());
      recordSyncPulses.put("internal tag sync", values.pulse());
    }
    return recipes;
  }

  /** Monitors a worker by its pulse, injectable when fault injection is on. */
  private void monitorWorker(String part, Pulse pulse, Duration stillFor) {
    health.monitor(part, GRACE, pulse, stillFor);
    faults.register(part, pulse);
  }

  /** What the health check reports as it finds a part dead or restarts one (health check thread). */
  private final class HealthReports implements ApplicationHealth.Listener {
    @Override
    public void dead(String application, ApplicationHealth.Problem problem) {
      // first the record for after the restart: the Fault station's archive is suspect from now on
      if (gapSync != null) {
        try {
          gapSync.noteFault(application, clock.instant());
        } catch (RuntimeException e) {
          LOG.error("health check: cannot note the fault of {} for the resync after the restart", application, e);
        }
      }
      if (ALARM_SERVICE.equals(application)) {
        // behaviour doc §4.5: no operator message when the alarm service itself failed; the log has it
        LOG.error("health check: the alarm service failed ({}): no operator message for it, switching to Fault",
            problem);
      } else if (problem.blockage()) {
        systemMessages.raise(SystemMessage.BLOCKAGE_SWITCH_TO_FAULT, application + ": " + problem);
      } // else the role machine's 1012240 names the part (localStatus)
      restart.onFault(application + ": " + problem); // only a restart brings a Fault station back
    }

    @Override
    public void restarted(String application, ApplicationHealth.Problem problem) {
      systemMessages.raise(SystemMessage.REDUNDANCY_INTERNAL_FAILURE,
          application + " failed (" + problem + "), restarted in place");
    }
  }

  /** What this station knows of itself, for the role machine: its defective AS connections and health. */
  private LocalStatus localStatus() {
    int defective = (int) connections.stream().filter(c -> !c.status().isGood()).count();
    ApplicationHealth.Verdict verdict = health == null
        ? new ApplicationHealth.Verdict(ApplicationHealth.State.HEALTHY, Map.of()) : health.verdict();
    ApplicationHealth.State state = verdict.state();
    String fault = state != ApplicationHealth.State.DEAD ? "" : verdict.problems().entrySet().stream()
        .filter(e -> !ALARM_SERVICE.equals(e.getKey())) // no operator message for a failed alarm service
        .map(e -> e.getKey() + ": " + e.getValue()).findFirst().orElse("");
    return new LocalStatus(defective, connections.size(), state != ApplicationHealth.State.DEAD,
        state == ApplicationHealth.State.IMPAIRED, fault);
  }

  /** What a restart decision needs to know of the pair: may clients go to the partner meanwhile? */
  private RestartPolicy.Situation restartSituation() {
    boolean inPair = config.redundancy().isPresent() && config.redundancy().get().settings().redundancyEnabled();
    if (!running) {
      return new RestartPolicy.Situation(supervised, inPair, false); // still starting: the partner is not known yet
    }
    var partner = redundancy.machine().partner();
    boolean serving = partner.reachable() && partner.latest()
        .filter(h -> h.healthy() && (h.role() == RedundancyRole.MASTER || h.role() == RedundancyRole.STANDBY))
        .isPresent();
    return new RestartPolicy.Situation(supervised, inPair, serving);
  }

  /**
   * Completes with the announcement (1012362) once this station decided to restart and the
   * announced delay passed: whoever runs it then closes it and exits for its supervisor.
   */
  public CompletableFuture<String> restartRequested() {
    return restart == null ? new CompletableFuture<>() : restart.requested();
  }

  private ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    String station = config.name();
    return r -> {
      Runnable withStation = () -> {
        MDC.put("station", station); // tells two stations' logs apart in one JVM (tests)
        r.run();
      };
      Thread t = new Thread(withStation, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void shutdown(ExecutorService executor, ScheduledExecutorService scheduler) throws InterruptedException {
    scheduler.shutdownNow();
    executor.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  public StationConfig config() {
    return config;
  }

  public ProjectConfig project() {
    return project;
  }

  /** The station's own endpoint URLs (one per host name). */
  public List<String> endpointUrls() {
    return server.endpointUrls();
  }

  public ArchiveDatabase archive() {
    return archive;
  }

  public SystemMessages systemMessages() {
    return systemMessages;
  }

  /** The gap resync of a station in a pair (pending windows, last report, {@code resync}). */
  public Optional<GapSync> gapSync() {
    return Optional.ofNullable(gapSync);
  }

  /** The periodic archive digest compare with the partner ("in sync up to T"); empty without a pair. */
  public Optional<DigestCompare> digestCompare() {
    return Optional.ofNullable(digestCompare);
  }

  /** This station's current role in the pair. */
  public RedundancyRole role() {
    return redundancy.machine().role();
  }

  /** Our clock against the partner's, for the diagnostics; empty without a pair or measurement. */
  public Optional<ClockSample> partnerClockOffset() {
    return redundancy.partnerClock().flatMap(PartnerClockCheck::lastSample);
  }

  /** What the station knows of itself and its partner now (the facts of {@code twinua diag}). */
  public StationSnapshot diagnostics() {
    return facts.snapshot();
  }

  public List<AsConnectionStatus> asConnections() {
    return connections.stream().map(ProcessConnection::status).toList();
  }

  /** Values an AS sent that did not fit their plant variable (refused, not archived). */
  public long refusedProcessValues() {
    return processData == null ? 0 : processData.refusedValues();
  }

  @Override
  public void close() {
    while (!stops.isEmpty()) {
      AutoCloseable c = stops.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("station {}: error while stopping: {}", config.name(), e.toString());
      }
    }
  }
}
