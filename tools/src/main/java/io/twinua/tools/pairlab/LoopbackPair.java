package io.twinua.tools.pairlab;

import io.twinua.server.security.PkiLayout;
import io.twinua.server.security.Role;
import io.twinua.server.security.UserDirectory;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.pairlab.PairLayout.Side;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The redundant pair of the demo plant on loopback, each station its own OS process, for the
 * failover benchmark and the pair tests. Files as in {@link PairLayout}, plus {@code plcsim/} for
 * the PLC simulator (AS1, AS2) running in this JVM. Every cable the benchmark or a test may pull
 * is a proxy: the terminal bus to the partner ({@link TcpProxy}, one per direction), each
 * station's connection to each AS ({@link TcpProxy}), the status LAN ({@link UdpRelay}) and, if asked for,
 * the serial status link ({@link SerialCable}).
 */
public final class LoopbackPair implements AutoCloseable {

  public static final String PLANT_NS = "urn:twinua:demo-plant";
  private static final List<String> DEMO_AS = List.of("AS1", "AS2");

  /** Writes the project files into a project directory of the pair. */
  @FunctionalInterface
  public interface ProjectWriter {
    void write(Path projectDir, PlcSimulator plc) throws Exception;
  }

  /** What differs between uses of the pair; the defaults are the product's. */
  public static final class Options {
    private int periodMs = 200;
    private int generated;
    private Integer linkTimeoutMs;
    private Integer stabilityDelayMs;
    private ProjectWriter project;
    private ProjectWriter projectOfB;
    private boolean statusPages;
    private List<String> stationJvm = StationProcess.DEFAULT_JVM;
    private final Map<Side, List<String>> launchers = new EnumMap<>(Side.class);
    private boolean serialCable;

    public Options periodMs(int ms) {
      this.periodMs = ms;
      return this;
    }

    /** Load tags {@code Gen.00000..} the PLC simulator serves on each AS besides the plant's (none by default). */
    public Options generated(int perAs) {
      this.generated = perAs;
      return this;
    }

    /** The stations' {@code redundancy.linkTimeoutMs}; left out, the product default runs. */
    public Options linkTimeoutMs(int ms) {
      this.linkTimeoutMs = ms;
      return this;
    }

    /** The stations' {@code redundancy.stabilityDelayMs}; left out, the product default runs. */
    public Options stabilityDelayMs(int ms) {
      this.stabilityDelayMs = ms;
      return this;
    }

    public Options project(ProjectWriter writer) {
      this.project = writer;
      return this;
    }

    /** Each station serves its status page on a port of its own ({@link Station#statusPageUrl()}). */
    public Options statusPages() {
      this.statusPages = true;
      return this;
    }

    /** The options of both stations' JVMs (heap, JIT); left out, {@link StationProcess#DEFAULT_JVM}. */
    public Options stationJvm(List<String> jvmOptions) {
      this.stationJvm = List.copyOf(jvmOptions);
      return this;
    }

    /** What runs {@code side}'s station process (see {@link StationProcess}), e.g. a {@link StationClock}'s launcher. */
    public Options launcher(Side side, List<String> launcher) {
      this.launchers.put(side, List.copyOf(launcher));
      return this;
    }

    /** A serial status link between the stations besides the UDP one ({@link LoopbackPair#serialCable()}). */
    public Options serialCable() {
      this.serialCable = true;
      return this;
    }

    /** Station B runs its own project written by {@code writer} (functional-equivalence tests). */
    public Options projectOfB(ProjectWriter writer) {
      this.projectOfB = writer;
      return this;
    }
  }

  /** One station of the pair and the cables from it. */
  public static final class Station {
    private final Side side;
    private final int port;
    private final Integer statusPagePort;
    private final Path dataDir;
    private final TcpProxy toPartner;
    private final Map<String, TcpProxy> toAs;
    private final StationProcess process;

    private Station(Side side, int port, Integer statusPagePort, Path file, Path dataDir, TcpProxy toPartner,
        Map<String, TcpProxy> toAs, List<String> launcher, List<String> jvmOptions) {
      this.side = side;
      this.port = port;
      this.statusPagePort = statusPagePort;
      this.dataDir = dataDir;
      this.toPartner = toPartner;
      this.toAs = toAs;
      this.process = new StationProcess(file, launcher, jvmOptions);
    }

    public String name() {
      return side.station();
    }

    public int port() {
      return port;
    }

    public String endpointUrl() {
      return "opc.tcp://127.0.0.1:" + port;
    }

    /** The station's status page (same port after a restart); fails unless the pair has {@code statusPages()}. */
    public String statusPageUrl() {
      if (statusPagePort == null) {
        throw new IllegalStateException(name() + " serves no status page: prepare the pair with statusPages()");
      }
      return "http://127.0.0.1:" + statusPagePort + "/";
    }

    public Path dataDir() {
      return dataDir;
    }

    public Path pkiDir() {
      return dataDir.resolve("pki");
    }

    public Path stationLog() {
      return dataDir.resolve("logs").resolve("station.log");
    }

    public Path redundancyLog() {
      return dataDir.resolve("logs").resolve("redundancy.log");
    }

    /** The station's whole log so far ("" before it exists). */
    public String stationLogText() {
      return read(stationLog());
    }

    /** Every redundancy event so far, each with its system message number ("" before it exists). */
    public String redundancyLogText() {
      return read(redundancyLog());
    }

    /** The terminal bus from this station to its partner (its partner-link client connects here). */
    public TcpProxy toPartner() {
      return toPartner;
    }

    /** This station's connection to automation station {@code as}. */
    public TcpProxy toAs(String as) {
      return toAs.get(as);
    }

    public StationProcess process() {
      return process;
    }

    private void closeCables() {
      toPartner.close();
      toAs.values().forEach(TcpProxy::close);
    }
  }

  private final PlcSimulator plc;
  private final UdpRelay statusLan;
  private final SerialCable serialCable;
  private final Station a;
  private final Station b;

  private LoopbackPair(PlcSimulator plc, UdpRelay statusLan, SerialCable serialCable, Station a, Station b) {
    this.plc = plc;
    this.statusLan = statusLan;
    this.serialCable = serialCable;
    this.a = a;
    this.b = b;
  }

  /**
   * The pair of the benchmark: a copy of the demo project whose users.yaml holds one viewer with a
   * random password that is never written anywhere (anonymous viewing over None stays allowed).
   *
   * @param demoProject the demo project directory (project.yaml, plant.xml)
   * @param linkTimeoutMs the stations' {@code redundancy.linkTimeoutMs}
   */
  public static LoopbackPair prepare(Path dir, Path demoProject, int periodMs, int linkTimeoutMs) throws Exception {
    return prepare(dir, demoProject, periodMs, linkTimeoutMs, o -> { });
  }

  /** The benchmark's pair with {@code more} options (station launchers, a serial cable). */
  public static LoopbackPair prepare(Path dir, Path demoProject, int periodMs, int linkTimeoutMs,
      Consumer<Options> more) throws Exception {
    for (String f : List.of("project.yaml", "plant.xml")) {
      if (!Files.isRegularFile(demoProject.resolve(f))) {
        throw new IOException("demo project " + demoProject.toAbsolutePath() + " has no " + f);
      }
    }
    return prepare(dir, o -> more.accept(o.periodMs(periodMs).linkTimeoutMs(linkTimeoutMs).project((project, plc) -> {
      Files.copy(demoProject.resolve("project.yaml"), project.resolve("project.yaml"));
      Files.copy(demoProject.resolve("plant.xml"), project.resolve("plant.xml"));
      char[] password = randomPassword();
      try {
        UserDirectory.empty().addOrReplace("viewer", Role.VIEWER, password).save(project.resolve("users.yaml"));
      } finally {
        Arrays.fill(password, '\0');
      }
    })));
  }

  /**
   * Lays out the pair under {@code dir} and starts the PLC simulator; {@link #startBoth()} starts
   * the stations.
   */
  public static LoopbackPair prepare(Path dir, Consumer<Options> options) throws Exception {
    Options o = new Options();
    options.accept(o);
    if (o.project == null) {
      throw new IllegalArgumentException("no project writer");
    }
    if (Files.exists(Side.A.stationFile(dir))) {
      throw new IOException(dir + " holds an earlier pair (station-a.yaml): give an empty directory");
    }
    int as1 = FreePorts.next();
    int as2 = FreePorts.next();
    PlcSimulator plc = PlcSimulator.start(PlcSimConfig.create(c -> c
        .station(DEMO_AS.get(0), as1).station(DEMO_AS.get(1), as2).periodMs(o.periodMs).generated(o.generated).dir(dir.resolve("plcsim"))));
    List<AutoCloseable> made = new ArrayList<>();
    try {
      writeProject(dir.resolve("project"), plc, o.project);
      String projectOfB = "project/project.yaml";
      if (o.projectOfB != null) {
        writeProject(dir.resolve("project-b"), plc, o.projectOfB);
        projectOfB = "project-b/project.yaml";
      }
      PairLayout.createPkis(dir, List.of("127.0.0.1"), List.of("127.0.0.1"), null);
      int portA = FreePorts.next();
      int portB = FreePorts.next();
      int udpA = FreePorts.next();
      int udpB = FreePorts.next();
      UdpRelay lan = new UdpRelay(udpA, udpB);
      made.add(lan);
      SerialCable serial = null;
      if (o.serialCable) {
        if (!SerialCable.socatAvailable()) {
          throw new IOException("the serial status link needs socat (Debian: apt-get install socat)");
        }
        serial = new SerialCable(dir.resolve("serial-a"), dir.resolve("serial-b"));
        made.add(serial);
        serial.restore();
      }
      Station a = station(dir, plc, o, Side.A, "project/project.yaml", portA, portB, udpA, lan.portForA(),
          serial == null ? null : serial.endA(), made);
      Station b = station(dir, plc, o, Side.B, projectOfB, portB, portA, udpB, lan.portForB(),
          serial == null ? null : serial.endB(), made);
      return new LoopbackPair(plc, lan, serial, a, b);
    } catch (Exception | Error e) {
      for (AutoCloseable c : made) {
        c.close();
      }
      plc.close();
      throw e;
    }
  }

  private static void writeProject(Path project, PlcSimulator plc, ProjectWriter writer) throws Exception {
    Files.createDirectories(project);
    writer.write(project, plc);
  }

  private static Station station(Path dir, PlcSimulator plc, Options o, Side side, String projectFile, int port,
      int partnerPort, int udpLocal, int udpPartner, Path serialEnd, List<AutoCloseable> made) throws IOException {
    TcpProxy toPartner = new TcpProxy(partnerPort);
    made.add(toPartner);
    Map<String, TcpProxy> toAs = new LinkedHashMap<>();
    for (String as : DEMO_AS) {
      TcpProxy cable = new TcpProxy(plc.automationStation(as).port());
      made.add(cable);
      toAs.put(as, cable);
    }
    var redundancy = PairLayout.redundancy(side, toPartner.url())
        .udp("127.0.0.1:" + udpLocal, "127.0.0.1:" + udpPartner);
    if (serialEnd != null) {
      redundancy.serial(serialEnd, 115_200);
    }
    if (o.linkTimeoutMs != null) {
      redundancy.linkTimeoutMs(o.linkTimeoutMs);
    }
    if (o.stabilityDelayMs != null) {
      redundancy.stabilityDelayMs(o.stabilityDelayMs);
    }
    var file = PairLayout.stationFile(side, "generated by LoopbackPair", port).project(projectFile);
    toAs.forEach((as, cable) -> file.asEndpoint(as, cable.url()));
    // a fixed port, not 0: the page must be found again at the same address after a restart
    Integer statusPage = o.statusPages ? FreePorts.next() : null;
    if (statusPage != null) {
      file.statusPage(statusPage);
    }
    Path stationFile = file.redundancy(redundancy).write(side.stationFile(dir));
    return new Station(side, port, statusPage, stationFile, dir.resolve(side.dataDir()), toPartner, toAs,
        o.launchers.getOrDefault(side, List.of()), o.stationJvm);
  }

  private static char[] randomPassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  public Station a() {
    return a;
  }

  public Station b() {
    return b;
  }

  public List<Station> stations() {
    return List.of(a, b);
  }

  public Station partnerOf(Station s) {
    return s == a ? b : a;
  }

  public PlcSimulator plc() {
    return plc;
  }

  /** The second LAN (UDP status link) between A and B. */
  public UdpRelay statusLan() {
    return statusLan;
  }

  /** The serial status link's cable; fails unless the pair was prepared with {@code serialCable()}. */
  public SerialCable serialCable() {
    if (serialCable == null) {
      throw new IllegalStateException("the pair has no serial status link: prepare it with serialCable()");
    }
    return serialCable;
  }

  /**
   * A trust store for client applications of the pair under {@code clientPki} that trusts exactly
   * the two stations' own certificates (the stations must have been prepared).
   */
  public ServerTrust clientTrust(Path clientPki) throws IOException {
    Path trusted = clientPki.resolve("trusted").resolve("certs");
    Files.createDirectories(trusted);
    for (Station s : stations()) {
      Files.copy(new PkiLayout(s.pkiDir()).ownCertificateFile(), trusted.resolve(s.name() + ".der"));
    }
    return ServerTrust.pkiDirectory(clientPki);
  }

  public void startBoth() throws IOException {
    a.process.start();
    b.process.start();
  }

  /** The last {@code lines} lines of both stations' consoles, to explain a failure. */
  public String diagnostics(int lines) {
    StringBuilder sb = new StringBuilder();
    for (Station s : stations()) {
      sb.append("\n----- ").append(s.name()).append(" console (last ").append(lines).append(" lines) -----\n")
          .append(s.process.outputTail(lines)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      for (Station s : List.of(a, b)) {
        s.process.stop();
        s.closeCables();
      }
    } finally {
      statusLan.close();
      if (serialCable != null) {
        serialCable.close();
      }
      plc.close();
    }
  }
}
