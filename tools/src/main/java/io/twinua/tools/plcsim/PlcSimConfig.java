package io.twinua.tools.plcsim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What a PLC simulator runs: the automation stations (name, port), the bind address, the update
 * period, the number of generated load tags per AS and the directory for the ground-truth logs
 * and {@code <AS>.down} control files. Build with {@link #create(Consumer)} or {@link #builder()};
 * the builder holds the CLI defaults and {@code build()} rejects bad values.
 */
public record PlcSimConfig(
    List<StationSpec> stations, String bindAddress, int periodMs, int generated, Path dir) {

  public static final int MIN_PERIOD_MS = 10;
  public static final int MAX_PERIOD_MS = 3_600_000;

  private static final Pattern AS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** One automation station: its name (also the file-name stem) and its TCP port. */
  public record StationSpec(String name, int port) {
    public StationSpec {
      Objects.requireNonNull(name, "AS name");
      if (!AS_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "AS name '" + name + "': use 1 to 32 letters, digits, '_' or '-'");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("AS " + name + ": port " + port + " is outside 1..65535");
      }
    }

    /** Parses {@code NAME:PORT}, e.g. {@code AS1:4850}. */
    public static StationSpec parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("AS '" + text + "': expected NAME:PORT, e.g. AS1:4850");
      }
      try {
        return new StationSpec(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("AS '" + text + "': port is not a number", e);
      }
    }
  }

  public PlcSimConfig {
    stations = List.copyOf(stations);
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(dir, "dir");
    if (stations.isEmpty()) {
      throw new IllegalArgumentException("plc-sim: at least one AS is needed");
    }
    var names = new HashSet<String>();
    var ports = new HashSet<Integer>();
    for (StationSpec as : stations) {
      if (!names.add(as.name())) {
        throw new IllegalArgumentException("plc-sim: AS " + as.name() + " is listed twice");
      }
      if (!ports.add(as.port())) {
        throw new IllegalArgumentException(
            "plc-sim: port " + as.port() + " is used by two AS (" + as.name() + ")");
      }
      if (!DemoPlant.hasPlantTable(as.name()) && generated == 0) {
        throw new IllegalArgumentException(
            "plc-sim: AS "
                + as.name()
                + " has no tags: only AS1 and AS2 have plant signals, give generated tags");
      }
    }
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("plc-sim: bind address is empty");
    }
    if (periodMs < MIN_PERIOD_MS || periodMs > MAX_PERIOD_MS) {
      throw new IllegalArgumentException(
          "plc-sim: period " + periodMs + " ms is outside " + MIN_PERIOD_MS + ".." + MAX_PERIOD_MS);
    }
    if (generated < 0 || generated > DemoPlant.MAX_GENERATED) {
      throw new IllegalArgumentException(
          "plc-sim: generated tags " + generated + " is outside 0.." + DemoPlant.MAX_GENERATED);
    }
  }

  public static PlcSimConfig create(Consumer<Builder> configure) {
    var builder = builder();
    configure.accept(builder);
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: AS1 on 4850 and AS2 on 4851, 127.0.0.1, 1000 ms, no generated tags, run/plcsim. */
  public static final class Builder {
    private List<StationSpec> stations =
        List.of(new StationSpec("AS1", 4850), new StationSpec("AS2", 4851));
    private boolean stationsGiven;
    private String bindAddress = "127.0.0.1";
    private int periodMs = 1000;
    private int generated = 0;
    private Path dir = Path.of("run", "plcsim");

    private Builder() {}

    public Builder stations(List<StationSpec> stations) {
      this.stations = new ArrayList<>(stations);
      this.stationsGiven = true;
      return this;
    }

    /** Adds one AS; the first call replaces the default AS1/AS2 list. */
    public Builder station(String name, int port) {
      if (!stationsGiven) {
        stations = new ArrayList<>();
        stationsGiven = true;
      }
      stations.add(new StationSpec(name, port));
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder periodMs(int periodMs) {
      this.periodMs = periodMs;
      return this;
    }

    public Builder generated(int generated) {
      this.generated = generated;
      return this;
    }

    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    public PlcSimConfig build() {
      return new PlcSimConfig(stations, bindAddress, periodMs, generated, dir);
    }
  }
}
