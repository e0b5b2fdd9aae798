package io.twinua.server.config;

import io.twinua.server.nodeset.DemoPlantFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small valid project (on the demo NodeSet) in a temporary directory, to break in tests. */
final class ProjectFiles {

  static final String VALID =
      """
      name: Small
      namespaceUri: urn:twinua:demo-plant
      nodeSet: plant.xml
      users: users.yaml
      security:
        allowSecurityPolicyNone: false
        allowAnonymous: false
      archive:
        flushIntervalMs: 100
        batchSize: 5000
      automationStations:
        - name: AS1
          endpointUrl: opc.tcp://127.0.0.1:4850
          publishingIntervalMs: 100
        - name: AS2
          endpointUrl: opc.tcp://127.0.0.1:4851
      tags:
        - node: Plant.Treatment.Tank1.Level
          as: AS1
          address: ns=2;s=Treatment.Tank1.Level
          archive: true
        - node: Plant.Treatment.BatchId
          as: AS1
          address: ns=2;s=Treatment.BatchId
        - node: Plant.Storage.Tank2.Level
          as: AS2
          address: ns=2;s=Storage.Tank2.Level
        - node: Plant.Distribution.Pressure
          as: AS2
          address: ns=2;s=Distribution.Pressure
      alarms:
        - name: Tank1Level
          source: Plant.Treatment.Tank1.Level
          highHigh: 95
          high: 85
          low: 15
          lowLow: 5
          deadband: 1.0
          severity: 700
      internalTags:
        - node: Plant.Treatment.Tank1.LevelSetpoint
          synchronise: false
          archive: true
      userArchives:
        - name: Recipes
          fields:
            - {name: Product, type: String}
            - {name: TargetLevel, type: Double}
      """;

  private ProjectFiles() {}

  /** Writes {@code project} as project.yaml next to a copy of the demo NodeSet and a users file. */
  static Path write(Path dir, String project) throws IOException {
    Files.createDirectories(dir);
    Path nodeSet = dir.resolve("plant.xml");
    if (!Files.exists(nodeSet)) {
      Files.copy(DemoPlantFiles.NODESET, nodeSet);
      Files.writeString(dir.resolve("users.yaml"), "users: []\n");
    }
    Path file = dir.resolve("project.yaml");
    Files.writeString(file, project);
    return file;
  }
}
