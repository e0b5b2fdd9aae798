package io.twinua.tools.certs;

import io.twinua.server.security.SecurityConfigException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Runs one PKI or user subcommand: exit 0, or 1 with "twinua <command> <subcommand>: <why>". */
final class SubcommandRun {

  interface Action {
    void run() throws SecurityConfigException;
  }

  private SubcommandRun() {}

  static int run(CommandSpec spec, String command, String subcommand, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      action.run();
      out.flush();
      return 0;
    } catch (SecurityConfigException | IllegalArgumentException e) {
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.printf("twinua %s %s: %s%n", command, subcommand, e.getMessage());
      err.flush();
      return 1;
    }
  }
}
