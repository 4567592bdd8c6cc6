package dev.driftline.jobs.tables;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The JVM a run lives in, as {@code runs.process} records it ({@code pid@host}), and whether the
 * process of a run still marked {@code running} is gone: then the run was killed and a later run
 * removes what it left. Only a process on this host can be checked; a run of another host counts
 * as gone once it has been running for longer than any run should.
 */
public final class RunProcess {

  /** How long a run of another host may go on before it counts as killed. */
  static final Duration FOREIGN_RUN_LIMIT = Duration.ofHours(24);

  private static final String CURRENT = ManagementFactory.getRuntimeMXBean().getName();

  private RunProcess() {}

  /** This JVM: {@code pid@host}. */
  public static String current() {
    return CURRENT;
  }

  /** Whether {@code process}, which started a run at {@code startedAt}, can no longer be running it. */
  static boolean isGone(String process, Instant startedAt, Instant now) {
    int at = process == null ? -1 : process.indexOf('@');
    if (at < 0 || !process.substring(at + 1).equals(host(CURRENT))) {
      return startedAt.plus(FOREIGN_RUN_LIMIT).isBefore(now);
    }
    long pid;
    try {
      pid = Long.parseLong(process.substring(0, at));
    } catch (NumberFormatException e) {
      return startedAt.plus(FOREIGN_RUN_LIMIT).isBefore(now);
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    // A pid taken again by a process started after the run is not the run's process.
    return handle.isEmpty() || !handle.get().isAlive()
        || handle.get().info().startInstant().map(s -> s.isAfter(startedAt)).orElse(false);
  }

  private static String host(String process) {
    return process.substring(process.indexOf('@') + 1);
  }
}
