package io.twinua.server.nodeset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo plant files and the AS tags of the shared demo-tags contract (briefs/demo-tags.md),
 * for tests that check the NodeSet and the project against it.
 */
public final class DemoPlantFiles {

  /** Tests run in the module directory (server/). */
  public static final Path DIRECTORY = Path.of("..", "nodeset", "demo-plant");

  public static final Path NODESET = DIRECTORY.resolve("plant.xml");
  public static final Path PROJECT = DIRECTORY.resolve("project.yaml");
  public static final Path PRODUCTION_PROJECT =
      Path.of("..", "nodeset", "production-template", "project.yaml");

  public static final String NAMESPACE_URI = "urn:twinua:demo-plant";

  /** AS tag → OPC UA DataType name, AS1 then AS2 (PhProfile is a Double array). */
  public static final Map<String, String> AS1_TAGS = new LinkedHashMap<>();
  public static final Map<String, String> AS2_TAGS = new LinkedHashMap<>();

  static {
    AS1_TAGS.put("Intake.Pump1.Running", "Boolean");
    AS1_TAGS.put("Intake.Pump1.Speed", "Double");
    AS1_TAGS.put("Intake.Pump1.SpeedSetpoint", "Double");
    AS1_TAGS.put("Intake.Pump1.MotorCurrent", "Float");
    AS1_TAGS.put("Intake.Pump1.RunSeconds", "UInt32");
    AS1_TAGS.put("Intake.Flow", "Double");
    AS1_TAGS.put("Treatment.Tank1.Level", "Double");
    AS1_TAGS.put("Treatment.Tank1.Temperature", "Double");
    AS1_TAGS.put("Treatment.Dosing.Rate", "Float");
    AS1_TAGS.put("Treatment.Dosing.RateSetpoint", "Double");
    AS1_TAGS.put("Treatment.Dosing.Strokes", "Int32");
    AS1_TAGS.put("Treatment.Valve1.Open", "Boolean");
    AS1_TAGS.put("Treatment.Valve1.Position", "Double");
    AS1_TAGS.put("Treatment.Valve1.PositionSetpoint", "Double");
    AS1_TAGS.put("Treatment.Mixer.Mode", "Int16");
    AS1_TAGS.put("Treatment.BatchId", "String");
    AS1_TAGS.put("Treatment.PhProfile", "Double");

    AS2_TAGS.put("Storage.Tank2.Level", "Double");
    AS2_TAGS.put("Storage.Tank2.Temperature", "Double");
    AS2_TAGS.put("Storage.Tank3.Level", "Double");
    AS2_TAGS.put("Storage.Pump2.Running", "Boolean");
    AS2_TAGS.put("Storage.Pump2.Speed", "Double");
    AS2_TAGS.put("Distribution.Pressure", "Double");
    AS2_TAGS.put("Distribution.Flow", "Double");
    AS2_TAGS.put("Distribution.Valve2.Position", "Double");
    AS2_TAGS.put("Distribution.Valve2.Open", "Boolean");
    AS2_TAGS.put("Distribution.TotalVolume", "Double");
    AS2_TAGS.put("Distribution.Pump3.Running", "Boolean");
    AS2_TAGS.put("Distribution.Pump3.Faults", "UInt16");
    AS2_TAGS.put("Distribution.Status", "String");
  }

  /** Internal (operator) tags → DataType name. */
  public static final Map<String, String> INTERNAL_TAGS =
      Map.of(
          "Plant.Treatment.Tank1.LevelSetpoint", "Double",
          "Plant.Storage.Tank2.HighLimit", "Double",
          "Plant.Distribution.PressureSetpoint", "Double",
          "Plant.Intake.Pump1.MaintenanceMode", "Boolean",
          "Plant.OperatorNote", "String",
          "Plant.Treatment.Dosing.Enabled", "Boolean",
          "Plant.ShiftCounter", "UInt32");

  private DemoPlantFiles() {}

  public static Map<String, String> allAsTags() {
    Map<String, String> all = new LinkedHashMap<>(AS1_TAGS);
    all.putAll(AS2_TAGS);
    return all;
  }
}
