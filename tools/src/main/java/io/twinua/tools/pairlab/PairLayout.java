package io.twinua.tools.pairlab;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.SecurityConfigException;
import io.twinua.server.security.StationPki;
import io.twinua.tools.launch.StationFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The files of a redundant pair in one directory, whatever network joins the stations (loopback
 * proxies in {@link LoopbackPair}, network namespaces in the partition tests):
 *
 * <pre>
 * project/                  the project both stations run (project-b/ if B runs another copy)
 * station-a.yaml, -b.yaml   station files: A is defaultMaster, the partner's certificate pinned
 * station-a/, station-b/    data dirs (pki, archive, logs/station.log, logs/redundancy.log)
 * station-a.out, -b.out     console of each station process
 * </pre>
 */
public final class PairLayout {

  /** One of the two stations. */
  public enum Side {
    A("STATION-A", "station-a"),
    B("STATION-B", "station-b");

    private final String station;
    private final String dataDir;

    Side(String station, String dataDir) {
      this.station = station;
      this.dataDir = dataDir;
    }

    public String station() {
      return station;
    }

    /** The data dir, relative to the pair's directory. */
    public String dataDir() {
      return dataDir;
    }

    public Side partner() {
      return this == A ? B : A;
    }

    public Path stationFile(Path dir) {
      return dir.resolve(dataDir + ".yaml");
    }
  }

  private PairLayout() {}

  /**
   * Creates both stations' identities before either starts, so each can pin and trust the other.
   *
   * @param hostsA the host names/addresses station A's certificate names (B likewise)
   * @param trustedClient an HMI client certificate both stations trust, or null
   */
  public static void createPkis(Path dir, List<String> hostsA, List<String> hostsB, X509Certificate trustedClient)
      throws IOException, SecurityConfigException {
    Path pkiA = dir.resolve(Side.A.dataDir).resolve("pki");
    Path pkiB = dir.resolve(Side.B.dataDir).resolve("pki");
    try (StationPki pa = StationPki.open(pkiA, StationFileWriter.applicationUri(Side.A.station), hostsA);
         StationPki pb = StationPki.open(pkiB, StationFileWriter.applicationUri(Side.B.station), hostsB)) {
      PkiAdmin.trust(pkiA, pb.certificate());
      PkiAdmin.trust(pkiB, pa.certificate());
    }
    if (trustedClient != null) {
      PkiAdmin.trust(pkiA, trustedClient);
      PkiAdmin.trust(pkiB, trustedClient);
    }
  }

  /** The station file of {@code side}: A is the default Master; the partner's certificate is pinned. */
  public static StationFileWriter stationFile(Side side, String header, int port) {
    return new StationFileWriter(header, side.station, side.dataDir, port);
  }

  /** The redundancy section of {@code side}, whose partner is reached at {@code partnerEndpointUrl}. */
  public static StationFileWriter.Redundancy redundancy(Side side, String partnerEndpointUrl) {
    Side partner = side.partner();
    return new StationFileWriter.Redundancy(side == Side.A, partner.station, partnerEndpointUrl,
        partner.dataDir + "/pki/own/certs/application.pem");
  }
}
