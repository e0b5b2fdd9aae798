package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

class DemoPlantTest {

  private static final double EPS = 1e-9;

  private static Object value(String as, String tag, long n) {
    return DemoPlant.tagsOf(as, 0).stream()
        .filter(t -> t.name().equals(tag))
        .findFirst()
        .orElseThrow()
        .valueAt(n);
  }

  private static double number(String as, String tag, long n) {
    return ((Number) value(as, tag, n)).doubleValue();
  }

  @Test
  void tablesHaveTheContractTagsAndTypes() {
    Map<String, NodeId> as1 =
        Map.ofEntries(
            Map.entry("Intake.Pump1.Running", NodeIds.Boolean),
            Map.entry("Intake.Pump1.Speed", NodeIds.Double),
            Map.entry("Intake.Pump1.SpeedSetpoint", NodeIds.Double),
            Map.entry("Treatment.Dosing.RateSetpoint", NodeIds.Double),
            Map.entry("Treatment.Valve1.PositionSetpoint", NodeIds.Double),
            Map.entry("Intake.Pump1.MotorCurrent", NodeIds.Float),
            Map.entry("Intake.Pump1.RunSeconds", NodeIds.UInt32),
            Map.entry("Intake.Flow", NodeIds.Double),
            Map.entry("Treatment.Tank1.Level", NodeIds.Double),
            Map.entry("Treatment.Tank1.Temperature", NodeIds.Double),
            Map.entry("Treatment.Dosing.Rate", NodeIds.Float),
            Map.entry("Treatment.Dosing.Strokes", NodeIds.Int32),
            Map.entry("Treatment.Valve1.Open", NodeIds.Boolean),
            Map.entry("Treatment.Valve1.Position", NodeIds.Double),
            Map.entry("Treatment.Mixer.Mode", NodeIds.Int16),
            Map.entry("Treatment.BatchId", NodeIds.String),
            Map.entry("Treatment.PhProfile", NodeIds.Double));
    Map<String, NodeId> as2 =
        Map.ofEntries(
            Map.entry("Storage.Tank2.Level", NodeIds.Double),
            Map.entry("Storage.Tank2.Temperature", NodeIds.Double),
            Map.entry("Storage.Tank3.Level", NodeIds.Double),
            Map.entry("Storage.Pump2.Running", NodeIds.Boolean),
            Map.entry("Storage.Pump2.Speed", NodeIds.Double),
            Map.entry("Distribution.Pressure", NodeIds.Double),
            Map.entry("Distribution.Flow", NodeIds.Double),
            Map.entry("Distribution.Valve2.Position", NodeIds.Double),
            Map.entry("Distribution.Valve2.Open", NodeIds.Boolean),
            Map.entry("Distribution.TotalVolume", NodeIds.Double),
            Map.entry("Distribution.Pump3.Running", NodeIds.Boolean),
            Map.entry("Distribution.Pump3.Faults", NodeIds.UInt16),
            Map.entry("Distribution.Status", NodeIds.String));

    assertTags(as1, DemoPlant.tagsOf("AS1", 0));
    assertTags(as2, DemoPlant.tagsOf("AS2", 0));
    assertTrue(DemoPlant.tagsOf("AS3", 0).isEmpty());
  }

  private static void assertTags(Map<String, NodeId> expected, List<PlantTag> tags) {
    assertEquals(expected.size(), tags.size());
    for (PlantTag tag : tags) {
      assertEquals(expected.get(tag.name()), tag.dataType(), tag.name());
      for (long n = 0; n < 400; n++) {
        Variant variant = new Variant(tag.valueAt(n));
        NodeId actualType = variant.getDataType().orElseThrow().getNodeId();
        assertEquals(tag.dataType(), actualType, tag.name() + " at n=" + n);
        assertEquals(tag.isArray(), tag.valueAt(n).getClass().isArray(), tag.name());
      }
    }
  }

  @Test
  void squareWavesAreTrueForTheFirstHalfPeriod() {
    assertEquals(true, value("AS1", "Intake.Pump1.Running", 0));
    assertEquals(true, value("AS1", "Intake.Pump1.Running", 19));
    assertEquals(false, value("AS1", "Intake.Pump1.Running", 20));
    assertEquals(false, value("AS1", "Intake.Pump1.Running", 39));
    assertEquals(true, value("AS1", "Intake.Pump1.Running", 40));
    assertEquals(false, value("AS2", "Distribution.Pump3.Running", 45));
  }

  @Test
  void rampsRunFromBottomToTopWithinThePeriod() {
    assertEquals(0.0, number("AS1", "Treatment.Valve1.Position", 0), EPS);
    assertEquals(50.0, number("AS1", "Treatment.Valve1.Position", 12), EPS);
    assertEquals(100.0, number("AS1", "Treatment.Valve1.Position", 24), EPS);
    assertEquals(0.0, number("AS1", "Treatment.Valve1.Position", 25), EPS);
    assertEquals(100.0, number("AS2", "Storage.Pump2.Speed", 44), EPS);
  }

  @Test
  void trianglesPeakAtHalfPeriod() {
    assertEquals(0.0, number("AS1", "Treatment.Tank1.Level", 0), EPS);
    assertEquals(50.0, number("AS1", "Treatment.Tank1.Level", 30), EPS);
    assertEquals(100.0, number("AS1", "Treatment.Tank1.Level", 60), EPS);
    assertEquals(50.0, number("AS1", "Treatment.Tank1.Level", 90), EPS);
    assertEquals(10.0, number("AS2", "Storage.Tank2.Level", 180), EPS);
    assertEquals(90.0, number("AS2", "Storage.Tank2.Level", 90), EPS);
    assertEquals(80.0, number("AS2", "Storage.Tank3.Level", 120), EPS);
  }

  @Test
  void sinesStartAtTheMidpointAndPeakAtAQuarterPeriod() {
    assertEquals(50.0, number("AS1", "Intake.Flow", 0), EPS);
    assertEquals(1.5f, (Float) value("AS1", "Treatment.Dosing.Rate", 5));
    assertEquals(0.5f, (Float) value("AS1", "Treatment.Dosing.Rate", 15));
    assertEquals(4.0, number("AS2", "Distribution.Pressure", 0), EPS);
    assertEquals(16.0, number("AS2", "Storage.Tank2.Temperature", 60), EPS);
    assertEquals(10.0f, (Float) value("AS1", "Intake.Pump1.MotorCurrent", 0));
    Double[] profile = (Double[]) value("AS1", "Treatment.PhProfile", 0);
    assertArrayEquals(
        new double[] {7.0, 7.5, 7.0, 6.5},
        List.of(profile).stream().mapToDouble(Double::doubleValue).toArray(),
        EPS);
  }

  @Test
  void countersAndStepsFollowTheUpdateIndex() {
    assertEquals(uint(1234), value("AS1", "Intake.Pump1.RunSeconds", 1234));
    assertEquals(uint(0), value("AS1", "Intake.Pump1.RunSeconds", 1L << 32));
    assertEquals(77, value("AS1", "Treatment.Dosing.Strokes", 77));
    assertEquals(1.5, number("AS2", "Distribution.TotalVolume", 3), EPS);
    assertEquals(ushort(0), value("AS2", "Distribution.Pump3.Faults", 9));
    assertEquals(ushort(1), value("AS2", "Distribution.Pump3.Faults", 10));
    assertEquals((short) 0, value("AS1", "Treatment.Mixer.Mode", 14));
    assertEquals((short) 1, value("AS1", "Treatment.Mixer.Mode", 15));
    assertEquals((short) 3, value("AS1", "Treatment.Mixer.Mode", 59));
    assertEquals((short) 0, value("AS1", "Treatment.Mixer.Mode", 60));
    assertEquals("B000001", value("AS1", "Treatment.BatchId", 59));
    assertEquals("B000002", value("AS1", "Treatment.BatchId", 60));
    assertEquals("OK", value("AS2", "Distribution.Status", 0));
    assertEquals("FLUSHING", value("AS2", "Distribution.Status", 20));
    assertEquals("OK", value("AS2", "Distribution.Status", 40));
    assertEquals("LOW_DEMAND", value("AS2", "Distribution.Status", 79));
    assertEquals("OK", value("AS2", "Distribution.Status", 80));
  }

  @Test
  void generatedTagsAlternateCounterAndSine() {
    List<PlantTag> tags = DemoPlant.tagsOf("AS2", 4);
    assertEquals(13 + 4, tags.size());
    PlantTag counter = tags.get(13);
    PlantTag sine = tags.get(14);
    assertEquals("Gen.00000", counter.name());
    assertEquals("Gen.00001", sine.name());
    assertEquals("Gen.00003", tags.get(16).name());
    assertEquals(NodeIds.Double, sine.dataType());
    assertEquals(42.0, (Double) counter.valueAt(42), EPS);
    // Gen.00001 is a sine 0..100 with phase 1 update: peak at n + 1 = 15 (period 60)
    assertEquals(100.0, (Double) sine.valueAt(14), EPS);
    assertNotEquals(sine.valueAt(3), tags.get(16).valueAt(3));
    assertInstanceOf(Double.class, sine.valueAt(5));
    assertThrows(IllegalArgumentException.class, () -> DemoPlant.tagsOf("AS1", 100_001));
    assertFalse(DemoPlant.hasPlantTable("AS3"));
  }
}
