package io.twinua.server.security;

import java.util.regex.Pattern;

/** Tells IP literals (IP SAN entries) from DNS names (DNS SAN entries). */
final class HostNames {

  private static final Pattern IPV4 =
      Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");
  private static final Pattern DNS =
      Pattern.compile("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?$");

  private HostNames() {}

  static boolean isIpAddress(String host) {
    return IPV4.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches());
  }

  /**
   * @throws IllegalArgumentException if {@code host} is neither an IP literal nor a DNS name
   */
  static String requireValid(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("empty host name");
    }
    if (!isIpAddress(host) && !DNS.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a DNS name");
    }
    return host;
  }
}
