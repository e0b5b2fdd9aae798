package io.twinua.tools.plcsim;

import static io.twinua.tools.plcsim.PlantTag.scalar;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.NodeIds;

/**
 * The demo plant's signals, exactly the tables of the shared contract {@code demo-tags.md}, plus
 * three writable setpoints on AS1 (issue 10) that hold their value until a client writes one.
 * Periods are in updates. Conventions where the contract leaves a choice:
 *
 * <ul>
 *   <li>square: true for the first half of the period;
 *   <li>ramp: reaches its top at n mod period = period - 1, then restarts at the bottom;
 *   <li>sine: midpoint at n = 0, rising;
 *   <li>integer counters start at 0 and wrap like the PLC type (UInt32, Int32, UInt16);
 *   <li>BatchId starts at "B000001"; PhProfile element i has phase offset i/4 period;
 *   <li>Gen.i (i = 0, 1, ...): even i a Double counter (value n), odd i a sine 0..100 with period
 *       {@value #GENERATED_SINE_PERIOD} and phase offset i updates.
 * </ul>
 */
public final class DemoPlant {

  /** Period of the generated sine tags, in updates. */
  public static final int GENERATED_SINE_PERIOD = 60;

  /** Upper bound for {@code --generated}: five digits in the tag name. */
  public static final int MAX_GENERATED = 100_000;

  private static final String[] DISTRIBUTION_STATUS = {"OK", "FLUSHING", "OK", "LOW_DEMAND"};

  private DemoPlant() {}

  /** True for the AS names that have a plant table (AS1, AS2); others serve only Gen tags. */
  public static boolean hasPlantTable(String asName) {
    return "AS1".equals(asName) || "AS2".equals(asName);
  }

  /** The tags of one AS: its plant table (if any) followed by {@code generated} Gen tags. */
  public static List<PlantTag> tagsOf(String asName, int generated) {
    if (generated < 0 || generated > MAX_GENERATED) {
      throw new IllegalArgumentException(
          "generated tags: " + generated + " is outside 0.." + MAX_GENERATED);
    }
    var tags = new ArrayList<PlantTag>();
    if ("AS1".equals(asName)) {
      tags.addAll(intakeAndTreatment());
    } else if ("AS2".equals(asName)) {
      tags.addAll(storageAndDistribution());
    }
    for (int i = 0; i < generated; i++) {
      tags.add(generated(i));
    }
    return List.copyOf(tags);
  }

  /** Name of generated tag i: {@code Gen.00000} .. {@code Gen.99999}. */
  public static String generatedName(int i) {
    return String.format(Locale.ROOT, "Gen.%05d", i);
  }

  static PlantTag generated(int i) {
    if (i % 2 == 0) {
      return scalar(generatedName(i), NodeIds.Double, "counter", n -> (double) n);
    }
    return scalar(
        generatedName(i),
        NodeIds.Double,
        "sine 0..100, period " + GENERATED_SINE_PERIOD + ", phase " + i,
        n -> Waveforms.sine(n + i, GENERATED_SINE_PERIOD, 0, 100, 0));
  }

  private static List<PlantTag> intakeAndTreatment() {
    return List.of(
        scalar("Intake.Pump1.Running", NodeIds.Boolean, "square, period 40",
            n -> Waveforms.square(n, 40)),
        scalar("Intake.Pump1.Speed", NodeIds.Double, "ramp 0..100, period 60",
            n -> Waveforms.ramp(n, 60, 0, 100)),
        PlantTag.setpoint("Intake.Pump1.SpeedSetpoint", NodeIds.Double, "setpoint in %, initially 75", 75.0),
        scalar("Intake.Pump1.MotorCurrent", NodeIds.Float, "sine 8..12, period 30",
            n -> (float) Waveforms.sine(n, 30, 8, 12, 0)),
        scalar("Intake.Pump1.RunSeconds", NodeIds.UInt32, "counter +1 per update",
            n -> uint(n & 0xFFFF_FFFFL)),
        scalar("Intake.Flow", NodeIds.Double, "sine 40..60, period 50",
            n -> Waveforms.sine(n, 50, 40, 60, 0)),
        scalar("Treatment.Tank1.Level", NodeIds.Double, "triangle 0..100, period 120",
            n -> Waveforms.triangle(n, 120, 0, 100)),
        scalar("Treatment.Tank1.Temperature", NodeIds.Double, "sine 14..18, period 300",
            n -> Waveforms.sine(n, 300, 14, 18, 0)),
        scalar("Treatment.Dosing.Rate", NodeIds.Float, "sine 0.5..1.5, period 20",
            n -> (float) Waveforms.sine(n, 20, 0.5, 1.5, 0)),
        PlantTag.setpoint("Treatment.Dosing.RateSetpoint", NodeIds.Double, "setpoint in l/h, initially 1", 1.0),
        scalar("Treatment.Dosing.Strokes", NodeIds.Int32, "counter +1 per update",
            n -> (int) n),
        scalar("Treatment.Valve1.Open", NodeIds.Boolean, "square, period 25",
            n -> Waveforms.square(n, 25)),
        scalar("Treatment.Valve1.Position", NodeIds.Double, "ramp 0..100, period 25",
            n -> Waveforms.ramp(n, 25, 0, 100)),
        PlantTag.setpoint("Treatment.Valve1.PositionSetpoint", NodeIds.Double, "setpoint in %, initially 50", 50.0),
        scalar("Treatment.Mixer.Mode", NodeIds.Int16, "steps 0,1,2,3, one step every 15",
            n -> (short) Waveforms.step(n, 15, 4)),
        scalar("Treatment.BatchId", NodeIds.String, "\"B\" + 6 digits, +1 every 60",
            n -> String.format(Locale.ROOT, "B%06d", 1 + Math.floorMod(Math.floorDiv(n, 60), 999_999L))),
        new PlantTag("Treatment.PhProfile", NodeIds.Double, 4,
            n -> phProfile(n), "four sines 6.5..7.5, phase offsets 0, 1/4, 1/2, 3/4, period 40"));
  }

  private static Double[] phProfile(long n) {
    var profile = new Double[4];
    for (int i = 0; i < profile.length; i++) {
      profile[i] = Waveforms.sine(n, 40, 6.5, 7.5, i / 4.0);
    }
    return profile;
  }

  private static List<PlantTag> storageAndDistribution() {
    return List.of(
        scalar("Storage.Tank2.Level", NodeIds.Double, "triangle 10..90, period 180",
            n -> Waveforms.triangle(n, 180, 10, 90)),
        scalar("Storage.Tank2.Temperature", NodeIds.Double, "sine 12..16, period 240",
            n -> Waveforms.sine(n, 240, 12, 16, 0)),
        scalar("Storage.Tank3.Level", NodeIds.Double, "triangle 20..80, period 240",
            n -> Waveforms.triangle(n, 240, 20, 80)),
        scalar("Storage.Pump2.Running", NodeIds.Boolean, "square, period 60",
            n -> Waveforms.square(n, 60)),
        scalar("Storage.Pump2.Speed", NodeIds.Double, "ramp 0..100, period 45",
            n -> Waveforms.ramp(n, 45, 0, 100)),
        scalar("Distribution.Pressure", NodeIds.Double, "sine 3..5, period 35",
            n -> Waveforms.sine(n, 35, 3, 5, 0)),
        scalar("Distribution.Flow", NodeIds.Double, "sine 80..120, period 55",
            n -> Waveforms.sine(n, 55, 80, 120, 0)),
        scalar("Distribution.Valve2.Position", NodeIds.Double, "ramp 0..100, period 30",
            n -> Waveforms.ramp(n, 30, 0, 100)),
        scalar("Distribution.Valve2.Open", NodeIds.Boolean, "square, period 30",
            n -> Waveforms.square(n, 30)),
        scalar("Distribution.TotalVolume", NodeIds.Double, "counter +0.5 per update",
            n -> 0.5 * n),
        scalar("Distribution.Pump3.Running", NodeIds.Boolean, "square, period 90",
            n -> Waveforms.square(n, 90)),
        scalar("Distribution.Pump3.Faults", NodeIds.UInt16, "counter +1 every 10 updates",
            n -> ushort((int) Math.floorMod(Math.floorDiv(n, 10), 65_536L))),
        scalar("Distribution.Status", NodeIds.String,
            "cycles OK, FLUSHING, OK, LOW_DEMAND, one step every 20",
            n -> DISTRIBUTION_STATUS[Waveforms.step(n, 20, DISTRIBUTION_STATUS.length)]));
  }
}
