package io.twinua.switcher;

/** Receives events on the library's delivery thread, one at a time, in order. */
@FunctionalInterface
public interface EventListener {
  void onEvent(Event event);
}
