package io.twinua.switcher;

/** Receives samples on the library's delivery thread, one at a time, in order. */
@FunctionalInterface
public interface SampleListener {
  void onSample(Sample sample);
}
