package io.workerpool.benchmarks;

import io.workerpool.cli.RoleProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the CPU time that each role process and the benchmark's own JVM have used so far. The
 * benchmark's JVM contains the broker, so its share is mostly the broker's, its JIT compiler
 * included. The difference of two snapshots, per 1,000 tasks, shows where a job's CPU goes on
 * a machine whose cores the broker and the roles share.
 */
final class CpuTimes {

  private final Supplier<List<RoleProcess>> roles;

  CpuTimes(Supplier<List<RoleProcess>> roles) {
    this.roles = roles;
  }

  /**
   * Reads the CPU milliseconds used so far, named {@code cpu_ms.ROLE} for the producer and the
   * reducer, {@code cpu_ms.workers} for all workers together, and {@code cpu_ms.broker} for the
   * benchmark's JVM.
   */
  Map<String, Long> snapshot() {
    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put("cpu_ms.broker", cpuTime(ProcessHandle.current()).toMillis());
    for (RoleProcess role : roles.get()) {
      String name = role.name().startsWith("worker") ? "workers" : role.name();
      totals.merge("cpu_ms." + name, cpuTime(role.process().toHandle()).toMillis(), Long::sum);
    }
    return totals;
  }

  /** Returns the CPU time that {@code process} has used so far. */
  static Duration cpuTime(ProcessHandle process) {
    return process.info().totalCpuDuration().orElseThrow(() ->
        new IllegalStateException("the CPU time of process " + process.pid()
            + " is not readable on this system"));
  }
}
