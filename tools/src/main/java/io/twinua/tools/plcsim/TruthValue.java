package io.twinua.tools.plcsim;

/**
 * One value the simulator produced for a tag.
 *
 * @param sourceTicks source timestamp as OPC UA DateTime ticks ({@code DateTime.getUtcTime()})
 * @param valueText the value as {@link GroundTruth#format} writes it
 */
public record TruthValue(long sourceTicks, String valueText) {}
