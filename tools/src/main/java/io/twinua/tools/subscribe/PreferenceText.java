package io.twinua.tools.subscribe;

import io.twinua.switcher.Preference;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --prefer} as typed: master, standby, none, a server's application URI, or a station name
 * (the last {@code :}-part of the URI, e.g. STATION-A for {@code urn:twinua:station:STATION-A}),
 * which is looked up in the discovered set.
 */
public final class PreferenceText {

  private PreferenceText() {}

  public static Preference resolve(String text, SwitcherConfig config, Duration timeout) throws SubscribeCommand.Problem {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "master":
        return Preference.master();
      case "standby":
        return Preference.standby();
      case "none":
        return Preference.none();
      default:
        break;
    }
    List<String> uris = discover(config, timeout);
    for (String uri : uris) {
      if (uri.equals(text) || uri.toLowerCase(Locale.ROOT).endsWith(":" + text.toLowerCase(Locale.ROOT))) {
        return Preference.server(uri);
      }
    }
    throw new SubscribeCommand.Problem("--prefer " + text + " names no server of the set " + uris);
  }

  private static List<String> discover(SwitcherConfig config, Duration timeout) throws SubscribeCommand.Problem {
    var connector = new Connector(config.connection(), config::accessFor, config.trust());
    try {
      return ServerSet.discover(config.urls(), connector).get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .servers().stream().map(ServerSet.Member::serverUri).toList();
    } catch (ExecutionException e) {
      throw new SubscribeCommand.Problem("no server of " + config.urls() + " reachable" + SubscribeCommand.detail(e.getCause()));
    } catch (TimeoutException e) {
      throw new SubscribeCommand.Problem("no server of " + config.urls() + " reachable within " + SubscribeCommand.text(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubscribeCommand.Problem("interrupted while finding the server set");
    }
  }
}
