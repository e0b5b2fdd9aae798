package io.twinua.server.config;

import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.sync.SyncKind;
import io.twinua.server.sync.SyncSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Loads and checks a project file (format: nodeset/README.md). Checks that need the NodeSet are
 * in {@link ProjectValidator}.
 */
public final class ProjectLoader {

  /** User archive names become parts of tag names ({@code @RM_UA_ONL_<archive>}) and tables. */
  private static final Pattern ARCHIVE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final Values values;

  private ProjectLoader(Path file) {
    this.values = new Values(file);
  }

  public static ProjectConfig load(Path projectYaml) throws ConfigException {
    ProjectFile raw = YamlFiles.read(projectYaml, ProjectFile.class);
    return new ProjectLoader(projectYaml).convert(raw, projectYaml);
  }

  private ProjectConfig convert(ProjectFile raw, Path file) throws ConfigException {
    KeyPath root = KeyPath.ROOT;
    String name = values.text(raw.name(), root.key("name"));
    String namespaceUri = values.uri(raw.namespaceUri(), root.key("namespaceUri")).toString();
    Path nodeSet = values.existingFile(raw.nodeSet(), root.key("nodeSet"));
    Path users = values.existingFile(raw.users(), root.key("users"));
    SecuritySettings security = security(raw.security(), root.key("security"));
    ArchiveSettings archive = archive(raw.archive(), root.key("archive"));
    List<AutomationStationConfig> stations = automationStations(values.list(raw.automationStations()));
    List<TagMapping> tags = tags(values.list(raw.tags()), stations);
    List<InternalTagConfig> internalTags = internalTags(values.list(raw.internalTags()), tags);
    List<LimitAlarmConfig> alarms = alarms(values.list(raw.alarms()), tags, internalTags);
    List<UserArchiveConfig> userArchives = userArchives(values.list(raw.userArchives()));
    SyncSettings sync = sync(raw.sync(), root.key("sync"), userArchives);
    return new ProjectConfig(
        name, namespaceUri, nodeSet, users, security, archive, stations, tags, alarms,
        internalTags, userArchives, sync, history(raw.history(), root.key("history")),
        sessions(raw.sessions(), root.key("sessions")), requests(raw.requests(), root.key("requests")),
        file.toAbsolutePath().normalize());
  }

  /** Defaults and ranges are {@link SessionSettings}'; errors here name the file and key. */
  private SessionSettings sessions(ProjectFile.Sessions raw, KeyPath at) throws ConfigException {
    if (raw == null) {
      return SessionSettings.DEFAULT;
    }
    int max = values.number(raw.maxSessions(), SessionSettings.DEFAULT_MAX_SESSIONS, 2, 100_000, at.key("maxSessions"));
    int reserved = values.number(raw.reservedSessions(), Math.min(max - 1, SessionSettings.DEFAULT_RESERVED_SESSIONS),
        1, max - 1, at.key("reservedSessions"));
    int perClient = values.number(raw.maxUnsecuredPerClient(), SessionSettings.DEFAULT_MAX_UNSECURED_PER_CLIENT, 1,
        100_000, at.key("maxUnsecuredPerClient"));
    int timeout = values.number(raw.maxSessionTimeoutS(), SessionSettings.DEFAULT_MAX_SESSION_TIMEOUT_S,
        SessionSettings.MIN_SESSION_TIMEOUT_S, 86_400, at.key("maxSessionTimeoutS"));
    return new SessionSettings(max, reserved, perClient, timeout);
  }

  /** Defaults and ranges are {@link RequestSettings}'; errors here name the file and key. */
  private RequestSettings requests(ProjectFile.Requests raw, KeyPath at) throws ConfigException {
    if (raw == null) {
      return RequestSettings.DEFAULT;
    }
    int read = values.number(raw.maxNodesPerRead(), RequestSettings.DEFAULT_MAX_NODES_PER_READ, 1,
        RequestSettings.MAX_NODES, at.key("maxNodesPerRead"));
    int browse = values.number(raw.maxNodesPerBrowse(), RequestSettings.DEFAULT_MAX_NODES_PER_BROWSE, 1,
        RequestSettings.MAX_NODES, at.key("maxNodesPerBrowse"));
    int history = values.number(raw.maxNodesPerHistoryRead(), RequestSettings.DEFAULT_MAX_NODES_PER_HISTORY_READ, 1,
        RequestSettings.MAX_NODES, at.key("maxNodesPerHistoryRead"));
    int message = values.number(raw.maxMessageSizeBytes(), RequestSettings.DEFAULT_MAX_MESSAGE_SIZE_BYTES,
        RequestSettings.MIN_MESSAGE_SIZE_BYTES, RequestSettings.MAX_MESSAGE_SIZE_BYTES, at.key("maxMessageSizeBytes"));
    return new RequestSettings(read, browse, history, message);
  }

  /** Defaults and ranges are {@link HistorySettings}'; errors here name the file and key. */
  private HistorySettings history(ProjectFile.History raw, KeyPath at) throws ConfigException {
    if (raw == null) {
      return HistorySettings.DEFAULT;
    }
    int perSession = values.number(raw.continuationPointsPerSession(),
        HistorySettings.DEFAULT_CONTINUATION_POINTS_PER_SESSION, 1, HistorySettings.MAX_CONTINUATION_POINTS_PER_SESSION,
        at.key("continuationPointsPerSession"));
    int total = values.number(raw.continuationPointsTotal(),
        Math.max(perSession, HistorySettings.DEFAULT_CONTINUATION_POINTS_TOTAL), perSession,
        HistorySettings.MAX_CONTINUATION_POINTS_TOTAL, at.key("continuationPointsTotal"));
    int perRequest = values.number(raw.maxValuesPerRequest(), HistorySettings.DEFAULT_MAX_VALUES_PER_REQUEST, 1,
        HistorySettings.MAX_VALUES_PER_REQUEST, at.key("maxValuesPerRequest"));
    int selectClauses = values.number(raw.maxSelectClauses(), HistorySettings.DEFAULT_MAX_SELECT_CLAUSES, 1,
        HistorySettings.MAX_SELECT_CLAUSES, at.key("maxSelectClauses"));
    return new HistorySettings(perSession, total, perRequest, selectClauses);
  }

  /** Defaults are {@link LoginThrottleSettings}'; errors here name the file and key. */
  private SecuritySettings security(ProjectFile.Security raw, KeyPath at) throws ConfigException {
    if (raw == null) {
      return SecuritySettings.SECURE;
    }
    int perUser = values.number(raw.loginFailuresPerUser(), LoginThrottleSettings.DEFAULT_USER_FAILURES, 1, 1_000,
        at.key("loginFailuresPerUser"));
    int perAddress = values.number(raw.loginFailuresPerAddress(), LoginThrottleSettings.DEFAULT_ADDRESS_FAILURES, 1,
        10_000, at.key("loginFailuresPerAddress"));
    int delayMs = values.number(raw.loginDelayMs(), LoginThrottleSettings.DEFAULT_DELAY_MS, 10, 600_000,
        at.key("loginDelayMs"));
    int maxDelayMs = values.number(raw.loginMaxDelayMs(),
        Math.max(delayMs, LoginThrottleSettings.DEFAULT_MAX_DELAY_MS), delayMs, 3_600_000,
        at.key("loginMaxDelayMs"));
    return new SecuritySettings(
        values.flag(raw.allowSecurityPolicyNone(), false), values.flag(raw.allowAnonymous(), false),
        values.flag(raw.allowUserNameOnSecurityPolicyNone(), false),
        new LoginThrottleSettings(perUser, perAddress, delayMs, maxDelayMs));
  }

  private ArchiveSettings archive(ProjectFile.Archive raw, KeyPath path) throws ConfigException {
    if (raw == null) {
      return ArchiveSettings.defaults();
    }
    return ArchiveSettings.of(
        values.number(raw.flushIntervalMs(), (int) ArchiveSettings.DEFAULT_FLUSH_INTERVAL_MS,
            ArchiveSettings.MIN_FLUSH_INTERVAL_MS, ArchiveSettings.MAX_FLUSH_INTERVAL_MS, path.key("flushIntervalMs")),
        values.number(raw.batchSize(), ArchiveSettings.DEFAULT_BATCH_SIZE,
            ArchiveSettings.MIN_BATCH_SIZE, ArchiveSettings.MAX_BATCH_SIZE, path.key("batchSize")));
  }

  /** Longest {@code sync.window.lastHours}: ten years. */
  private static final int MAX_SYNC_HOURS = 87_600;

  private SyncSettings sync(ProjectFile.Sync raw, KeyPath path, List<UserArchiveConfig> userArchives)
      throws ConfigException {
    if (raw == null) {
      return SyncSettings.DEFAULT;
    }
    int lastHours = 0;
    KeyPath windowPath = path.key("window");
    Object window = raw.window();
    if (window instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!"lastHours".equals(key)) {
          throw values.error(windowPath.key(String.valueOf(key)), "unknown key (window is 'all' or {lastHours: N})");
        }
      }
      Object hours = map.get("lastHours");
      if (!(hours instanceof Integer h)) {
        throw values.error(windowPath.key("lastHours"), "must be a whole number of hours 1.." + MAX_SYNC_HOURS);
      }
      lastHours = values.number(h, h, 1, MAX_SYNC_HOURS, windowPath.key("lastHours"));
    } else if (window != null && !"all".equals(window)) {
      throw values.error(windowPath, "'" + window + "' is not a sync window (all, or {lastHours: N})");
    }
    Set<SyncKind> kinds = EnumSet.noneOf(SyncKind.class);
    if (raw.kinds() == null) {
      kinds.addAll(SyncSettings.DEFAULT.kinds());
    }
    List<String> rawKinds = values.list(raw.kinds());
    for (int i = 0; i < rawKinds.size(); i++) {
      KeyPath kindPath = path.key("kinds").index(i);
      String text = values.text(rawKinds.get(i), kindPath);
      SyncKind kind = SyncKind.ofYamlName(text).orElseThrow(() -> values.error(kindPath, "unknown kind '" + text
          + "' (known: " + Arrays.stream(SyncKind.values()).map(SyncKind::yamlName).collect(Collectors.joining(", ")) + ")"));
      if (!kind.supported()) {
        throw values.error(kindPath, kind.yamlName() + " is not supported yet (the gap resync copies "
            + Arrays.stream(SyncKind.values()).filter(SyncKind::supported).map(SyncKind::yamlName)
                .collect(Collectors.joining(" and ")) + "); remove it from the list");
      }
      if (!kinds.add(kind)) {
        throw values.error(kindPath, "duplicate kind '" + kind.yamlName() + "'");
      }
    }
    int compareMinutes = values.number(raw.compareMinutes(), SyncSettings.DEFAULT_COMPARE_MINUTES, 1,
        SyncSettings.MAX_COMPARE_MINUTES, path.key("compareMinutes"));
    return new SyncSettings(kinds, lastHours, compareMinutes, syncedUserArchives(raw.userArchives(),
        path.key("userArchives"), userArchives));
  }

  /** {@code sync.userArchives}: names of configured user archives; absent (null) = all of them. */
  private Set<String> syncedUserArchives(List<String> raw, KeyPath path, List<UserArchiveConfig> configured)
      throws ConfigException {
    if (raw == null) {
      return null;
    }
    Set<String> known = configured.stream().map(UserArchiveConfig::name).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> selected = new LinkedHashSet<>();
    List<String> names = values.list(raw);
    for (int i = 0; i < names.size(); i++) {
      String name = values.text(names.get(i), path.index(i));
      if (!known.contains(name)) {
        throw values.error(path.index(i), "unknown user archive '" + name + "' (known: " + String.join(", ", known) + ")");
      }
      if (!selected.add(name)) {
        throw values.error(path.index(i), "duplicate user archive '" + name + "'");
      }
    }
    return selected;
  }

  private List<AutomationStationConfig> automationStations(List<ProjectFile.AutomationStation> raw)
      throws ConfigException {
    List<AutomationStationConfig> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("automationStations").index(i);
      ProjectFile.AutomationStation as = values.required(raw.get(i), path);
      String name = values.name(as.name(), path.key("name"));
      unique(seen, name, i, path.key("name"), "automation station", "automationStations");
      String url = endpointUrl(as.endpointUrl(), path.key("endpointUrl"));
      int interval = values.number(as.publishingIntervalMs(), 100, 10, 3_600_000, path.key("publishingIntervalMs"));
      result.add(new AutomationStationConfig(name, url, interval));
    }
    return result;
  }

  /** {@code opc.tcp://host:port[/path]}; a missing or bad port is the usual typo. */
  private String endpointUrl(String value, KeyPath path) throws ConfigException {
    URI uri = values.uri(value, path);
    if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
      throw values.error(path, "'" + value + "' is not an opc.tcp://host:port URL");
    }
    if (uri.getPort() < 1 || uri.getPort() > 65535) {
      throw values.error(path, "bad port in '" + value + "' (1..65535)");
    }
    return uri.toString();
  }

  private List<TagMapping> tags(List<ProjectFile.Tag> raw, List<AutomationStationConfig> stations)
      throws ConfigException {
    Set<String> asNames = stations.stream().map(AutomationStationConfig::name).collect(Collectors.toCollection(LinkedHashSet::new));
    List<TagMapping> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("tags").index(i);
      ProjectFile.Tag tag = values.required(raw.get(i), path);
      String node = values.text(tag.node(), path.key("node"));
      unique(seen, node, i, path.key("node"), "node", "tags");
      String as = values.text(tag.as(), path.key("as"));
      if (!asNames.contains(as)) {
        throw values.error(path.key("as"), "unknown automation station '" + as + "' (known: " + String.join(", ", asNames) + ")");
      }
      String address = values.text(tag.address(), path.key("address"));
      if (NodeId.parseSafe(address).isEmpty()) {
        throw values.error(path.key("address"), "bad NodeId '" + address + "' (e.g. ns=2;s=Treatment.Tank1.Level)");
      }
      result.add(new TagMapping(node, as, address, values.flag(tag.archive(), false), values.flag(tag.writable(), false)));
    }
    return result;
  }

  private List<InternalTagConfig> internalTags(List<ProjectFile.InternalTag> raw, List<TagMapping> tags)
      throws ConfigException {
    List<InternalTagConfig> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("internalTags").index(i);
      ProjectFile.InternalTag tag = values.required(raw.get(i), path);
      String node = values.text(tag.node(), path.key("node"));
      unique(seen, node, i, path.key("node"), "node", "internalTags");
      if (tags.stream().anyMatch(t -> t.node().equals(node))) {
        throw values.error(path.key("node"), "'" + node + "' is also an AS tag (tags); a variable is fed by an AS or by operators, not both");
      }
      boolean synchronise = values.flag(tag.synchronise(), false);
      if (synchronise && node.startsWith("@")) {
        // redundancy behaviour §5: system tags (@...) describe one station and are never synchronised
        throw values.error(path.key("synchronise"), "'" + node + "' is a system tag (@...); system tags are never"
            + " synchronised with the partner station");
      }
      result.add(new InternalTagConfig(node, synchronise, values.flag(tag.archive(), false)));
    }
    return result;
  }

  private List<LimitAlarmConfig> alarms(
      List<ProjectFile.Alarm> raw, List<TagMapping> tags, List<InternalTagConfig> internalTags)
      throws ConfigException {
    List<LimitAlarmConfig> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("alarms").index(i);
      ProjectFile.Alarm alarm = values.required(raw.get(i), path);
      String name = values.name(alarm.name(), path.key("name"));
      unique(seen, name, i, path.key("name"), "alarm", "alarms");
      String source = values.text(alarm.source(), path.key("source"));
      boolean fed =
          tags.stream().anyMatch(t -> t.node().equals(source))
              || internalTags.stream().anyMatch(t -> t.node().equals(source));
      if (!fed) {
        throw values.error(path.key("source"), "'" + source + "' is neither in tags nor in internalTags, so it never gets a value");
      }
      limitsInOrder(alarm, path);
      double deadband = alarm.deadband() == null ? 0.0 : alarm.deadband();
      if (!(deadband >= 0.0) || Double.isInfinite(deadband)) {
        throw values.error(path.key("deadband"), "must be a number >= 0");
      }
      int severity = values.number(alarm.severity(), 500, 1, 1000, path.key("severity"));
      result.add(new LimitAlarmConfig(
          name, source, alarm.highHigh(), alarm.high(), alarm.low(), alarm.lowLow(), deadband, severity));
    }
    return result;
  }

  private void limitsInOrder(ProjectFile.Alarm alarm, KeyPath path) throws ConfigException {
    String[] names = {"lowLow", "low", "high", "highHigh"};
    Double[] limits = {alarm.lowLow(), alarm.low(), alarm.high(), alarm.highHigh()};
    if (Arrays.stream(limits).allMatch(l -> l == null)) {
      throw values.error(path, "no limit: give at least one of highHigh, high, low, lowLow");
    }
    int previous = -1;
    for (int i = 0; i < limits.length; i++) {
      if (limits[i] == null) {
        continue;
      }
      if (limits[i].isNaN() || limits[i].isInfinite()) {
        throw values.error(path.key(names[i]), "must be a finite number");
      }
      if (previous >= 0 && !(limits[previous] < limits[i])) {
        throw values.error(path.key(names[i]), names[i] + " " + limits[i] + " must be above " + names[previous] + " " + limits[previous]);
      }
      previous = i;
    }
  }

  private List<UserArchiveConfig> userArchives(List<ProjectFile.UserArchive> raw) throws ConfigException {
    List<UserArchiveConfig> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      KeyPath path = KeyPath.ROOT.key("userArchives").index(i);
      ProjectFile.UserArchive archive = values.required(raw.get(i), path);
      String name = values.text(archive.name(), path.key("name"));
      if (!ARCHIVE_NAME.matcher(name).matches()) {
        throw values.error(path.key("name"), "bad archive name '" + name + "' (a letter, then letters, digits or '_')");
      }
      unique(seen, name, i, path.key("name"), "user archive", "userArchives");
      List<ProjectFile.Field> rawFields = values.required(archive.fields(), path.key("fields"));
      if (rawFields.isEmpty()) {
        throw values.error(path.key("fields"), "an archive needs at least one field");
      }
      List<FieldConfig> fields = new ArrayList<>();
      Map<String, Integer> fieldNames = new HashMap<>();
      for (int f = 0; f < rawFields.size(); f++) {
        KeyPath fieldPath = path.key("fields").index(f);
        ProjectFile.Field field = values.required(rawFields.get(f), fieldPath);
        String fieldName = values.text(field.name(), fieldPath.key("name"));
        if (!ARCHIVE_NAME.matcher(fieldName).matches()) {
          throw values.error(fieldPath.key("name"), "bad field name '" + fieldName + "' (a letter, then letters, digits or '_')");
        }
        unique(fieldNames, fieldName, f, fieldPath.key("name"), "field", path.key("fields").text());
        String typeName = values.text(field.type(), fieldPath.key("type"));
        FieldType type =
            FieldType.ofYamlName(typeName)
                .orElseThrow(() -> values.error(fieldPath.key("type"), "unknown type '" + typeName + "' (known: "
                    + Arrays.stream(FieldType.values()).map(FieldType::yamlName).collect(Collectors.joining(", ")) + ")"));
        fields.add(new FieldConfig(fieldName, type));
      }
      result.add(new UserArchiveConfig(name, fields));
    }
    return result;
  }

  private void unique(Map<String, Integer> seen, String key, int index, KeyPath path, String what, String list)
      throws ConfigException {
    Integer first = seen.putIfAbsent(key, index);
    if (first != null) {
      throw values.error(path, "duplicate " + what + " '" + key + "' (also " + list + "[" + first + "])");
    }
  }
}
