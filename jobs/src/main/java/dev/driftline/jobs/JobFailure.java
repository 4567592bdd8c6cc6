package dev.driftline.jobs;

/** A run that could not complete (missing data, a failed write): exit code 1, tables left as they were. */
public class JobFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JobFailure(String message) {
    super(message);
  }

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
