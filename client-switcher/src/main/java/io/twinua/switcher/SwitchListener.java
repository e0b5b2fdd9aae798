package io.twinua.switcher;

/** Receives switches on the library's delivery thread, in order with the samples. */
@FunctionalInterface
public interface SwitchListener {
  void onSwitch(SwitchEvent event);
}
