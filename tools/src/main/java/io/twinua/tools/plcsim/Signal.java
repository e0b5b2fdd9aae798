package io.twinua.tools.plcsim;

/**
 * A simulated process value as a pure function of the update index n. Returns the Java value a
 * Milo {@code Variant} carries for the tag's data type (Boolean, Double, Float, UInteger, Integer,
 * Short, UShort, String, Double[]).
 */
@FunctionalInterface
public interface Signal {
  Object valueAt(long n);
}
