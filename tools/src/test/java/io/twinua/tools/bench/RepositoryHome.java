package io.twinua.tools.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sets {@code twinua.home} to the repository root for one test, as the launcher would (surefire
 * runs in tools/), so a benchmark finds the demo project; restores the old value after.
 */
public final class RepositoryHome implements BeforeEachCallback, AfterEachCallback {

  private static final String KEY = "twinua.home";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RepositoryHome.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    String old = System.setProperty(KEY, Path.of("..").toAbsolutePath().normalize().toString());
    context.getStore(NS).put(KEY, old == null ? "" : old);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    String old = context.getStore(NS).get(KEY, String.class);
    if (old == null || old.isEmpty()) {
      System.clearProperty(KEY);
    } else {
      System.setProperty(KEY, old);
    }
  }
}
