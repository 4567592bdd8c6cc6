package dev.driftline.jobs.lineage;

import dev.driftline.jobs.NightlyJob;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code that computed a result: Driftline's version and the git commit the jar was built from
 * ({@code git.properties}, written at build time; {@code unknown} for a build outside git).
 */
public record CodeVersion(String version, String commit) {

  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "/dev/driftline/jobs/git.properties";
  private static final CodeVersion CURRENT = read();

  /** The running jar's version, read once. */
  public static CodeVersion current() {
    return CURRENT;
  }

  private static CodeVersion read() {
    Properties git = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        git.load(in);
      }
    } catch (IOException e) {
      // A jar without readable build information still runs; its lineage says so.
    }
    String commit = git.getProperty("git.commit.id.full", "");
    return new CodeVersion(NightlyJob.VERSION, commit.isBlank() ? UNKNOWN : commit);
  }

  /** {@code 0.1.0+<commit>}: what lineage records and fingerprints. */
  @Override
  public String toString() {
    return version + "+" + commit;
  }
}
