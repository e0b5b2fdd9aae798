package io.twinua.tools.certs;

import io.twinua.server.security.Role;
import io.twinua.server.security.SecurityConfigException;
import io.twinua.server.security.UserDirectory;
import io.twinua.server.security.UserEntry;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinua users}: maintains users.yaml. Passwords are read from the console (asked twice)
 * or, when there is none, as one line from stdin; they never appear on the command line, where
 * other users could see them in the process list.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Users and roles of a project (users.yaml)")
public final class UsersCommand implements Callable<Integer> {

  private static final int MAX_PASSWORD_LENGTH = 1024;

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final boolean useConsole;

  public UsersCommand() {
    this(System.in, true);
  }

  /** For tests: read the password from {@code stdin}, never from the console. */
  UsersCommand(InputStream stdin, boolean useConsole) {
    this.stdin = stdin;
    this.useConsole = useConsole;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a user, or replace one (new role and password).",
        "The password is read from the console (twice) or as one line of stdin.",
        "Creates the file if absent, readable by its owner only."
      })
  int add(
      @Option(names = "--file", required = true, paramLabel = "users.yaml") Path file,
      @Option(names = "--name", required = true, paramLabel = "NAME") String name,
      @Option(names = "--role", paramLabel = "ROLE", required = true, description = "viewer, operator or engineer") String roleText) {
    return run("add", () -> {
      Role role = Role.parse(roleText);
      if (role == Role.PARTNER) {
        throw new IllegalArgumentException(
            "role 'partner' is reserved for the partner station (certificate login)");
      }
      UserEntry.requireValidName(name);
      UserDirectory users = Files.exists(file) ? UserDirectory.load(file) : UserDirectory.empty();
      boolean replacing = users.find(name).isPresent();
      char[] password = readPassword(name);
      users.addOrReplace(name, role, password).save(file); // addOrReplace wipes the password
      out().printf("%s user '%s' (%s) in %s%n", replacing ? "updated" : "added", name, role.yamlName(), file);
    });
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user")
  int remove(
      @Option(names = "--file", required = true, paramLabel = "users.yaml") Path file,
      @Option(names = "--name", required = true, paramLabel = "NAME") String name) {
    return run("remove", () -> {
      UserDirectory users = UserDirectory.load(file);
      if (users.find(name).isEmpty()) {
        throw new IllegalArgumentException("no user '" + name + "' in " + file);
      }
      users.without(name).save(file);
      out().printf("removed user '%s' from %s%n", name, file);
    });
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and roles")
  int list(@Option(names = "--file", required = true, paramLabel = "users.yaml") Path file) {
    return run("list", () -> {
      for (UserEntry user : UserDirectory.load(file).users()) {
        out().printf("%-24s %s%n", user.name(), user.role().yamlName());
      }
    });
  }

  private char[] readPassword(String name) {
    Console console = useConsole ? System.console() : null;
    if (console != null) {
      char[] first = console.readPassword("Password for %s: ", name);
      char[] second = console.readPassword("Repeat the password: ");
      try {
        if (first == null || second == null || !Arrays.equals(first, second)) {
          throw new IllegalArgumentException("the passwords do not match");
        }
      } finally {
        if (second != null) {
          Arrays.fill(second, '\0');
        }
      }
      return first;
    }
    return readLine();
  }

  /** One line of stdin (UTF-8) into a char[] that the caller wipes; no String copy is made. */
  private char[] readLine() {
    char[] buffer = new char[MAX_PASSWORD_LENGTH];
    int length = 0;
    try {
      Reader reader = new InputStreamReader(stdin, StandardCharsets.UTF_8);
      int c;
      while ((c = reader.read()) != -1 && c != '\n') {
        if (length == buffer.length) {
          throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        buffer[length++] = (char) c;
      }
      if (length > 0 && buffer[length - 1] == '\r') {
        length--;
      }
      if (length == 0) {
        throw new IllegalArgumentException("no password on stdin (expected one line)");
      }
      return Arrays.copyOf(buffer, length);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password from stdin: " + e.getMessage(), e);
    } finally {
      Arrays.fill(buffer, '\0');
    }
  }

  private int run(String subcommand, SubcommandRun.Action action) {
    return SubcommandRun.run(spec, "users", subcommand, action);
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
