package dev.shardline.driver.session;

import java.util.function.Consumer;

/** Lets crash tests outside this package stop a two-phase commit at one of its steps. */
public final class TwoPhaseSteps {
  private TwoPhaseSteps() {}

  /** Calls {@code listener} at each step of every two-phase commit of this JVM; null stops it. */
  public static void onStep(Consumer<String> listener) {
    TwoPhaseTransaction.stepListener = listener;
  }
}
