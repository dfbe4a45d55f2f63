package io.workerpool.core.runtime;

/** The lifecycle of a role process, as its health endpoints report it. */
public enum RoleState {
  /** Connecting to Kafka and setting up topics: alive, not ready. */
  STARTING,
  /** Taking work: alive and ready. */
  RUNNING,
  /** Asked to stop, finishing or releasing work in flight: alive, not ready. */
  DRAINING,
  /** The main loop has ended. */
  STOPPED
}
