package dev.driftline.udfs;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths) without its child processes. Without Hadoop's
 * native library, which the Maven artifacts Spark uses do not ship, {@link RawLocalFileSystem}
 * starts a {@code chmod} for every file it creates and a {@code readlink} for the status of
 * every file a Delta commit renames: 8 to 10 ms each from a driver's JVM, thousands in a
 * test run. Here the same two calls go through {@code java.nio}; everything else is Hadoop's.
 * Installed by {@link #SETTINGS} for the {@code FileSystem} API and the {@code FileContext} API
 * (Delta's log store) alike; other schemes (HDFS, S3, ABFS) are untouched.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

  /** Spark settings that install it for {@code file:} paths. */
  public static final Map<String, String> SETTINGS = Map.of(
      "spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", Context.class.getName());

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system under the checksums, with the two calls in Java. */
  public static final class Raw extends RawLocalFileSystem {

    /** Permission bits in {@code rwxrwxrwx} order, highest first. */
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      // Sticky, setuid and setgid bits have no java.nio equivalent: Hadoop's own way for those.
      if ((mode & ~0777) != 0) {
        super.setPermission(p, permission);
        return;
      }
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int b = 0; b < BITS.length; b++) {
        if ((mode & (0400 >> b)) != 0) {
          set.add(BITS[b]);
        }
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
    }

    /** A file that is not a symbolic link has its plain status; Hadoop asks {@code readlink} first. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      File file = pathToFile(f);
      return Files.isSymbolicLink(file.toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
    }
  }

  /**
   * The {@code FileContext} binding: checksums over {@link Raw}, as Hadoop's {@code LocalFs} over
   * its {@code RawLocalFs}.
   */
  public static final class Context extends ChecksumFs {
    public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawContext(uri, conf));
    }
  }

  /** {@link Raw} for {@code FileContext}, with what Hadoop's {@code RawLocalFs} changes. */
  static final class RawContext extends DelegateToFileSystem {
    RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    /** Any local file name, as Hadoop's {@code RawLocalFs}. */
    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
