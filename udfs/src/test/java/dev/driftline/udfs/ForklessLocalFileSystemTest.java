package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fork-free local file system against Hadoop's own on the same calls: the permissions a file
 * gets, its status and a symbolic link's, a FileContext rename as Delta's log store does it, and
 * that the Spark settings install it for both APIs.
 */
class ForklessLocalFileSystemTest {

  @TempDir
  java.nio.file.Path dir;

  private static Configuration conf(boolean forkless) {
    Configuration conf = new Configuration(false);
    if (forkless) {
      ForklessLocalFileSystem.SETTINGS.forEach((k, v) -> conf.set(k.substring("spark.hadoop.".length()), v));
    }
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private FileSystem fs(boolean forkless) throws Exception {
    return FileSystem.get(dir.toUri(), conf(forkless));
  }

  @Test
  void theSettingsInstallItForBothApis() throws Exception {
    assertInstanceOf(ForklessLocalFileSystem.class, fs(true));
    assertInstanceOf(LocalFileSystem.class, fs(false));
    FileContext context = FileContext.getFileContext(dir.toUri(), conf(true));
    assertInstanceOf(ForklessLocalFileSystem.Context.class, context.getDefaultFileSystem());
  }

  @Test
  void createdFilesAndSetPermissionsMatchHadoopsOwn() throws Exception {
    for (boolean forkless : new boolean[] {false, true}) {
      Path file = new Path(dir.resolve("created-" + forkless).toUri());
      try (FSDataOutputStream out = fs(forkless).create(file)) {
        out.write("x".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertEquals(permissions("created-false"), permissions("created-true"), "a created file");
    assertEquals(permissions(".created-false.crc"), permissions(".created-true.crc"), "its checksum file");
    for (short mode : new short[] {0, 0644, 0755, 0600, 0777, 0421, 0070}) {
      for (boolean forkless : new boolean[] {false, true}) {
        fs(forkless).setPermission(new Path(dir.resolve("created-" + forkless).toUri()), new FsPermission(mode));
      }
      assertEquals(permissions("created-false"), permissions("created-true"), "mode " + Integer.toOctalString(mode));
      assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("created-true"))),
          new FsPermission(mode).toString(), "mode " + Integer.toOctalString(mode));
    }
  }

  @Test
  void linkStatusIsHadoopsForFilesLinksAndMissingPaths() throws Exception {
    java.nio.file.Path file = Files.writeString(dir.resolve("data.json"), "{}");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);
    for (java.nio.file.Path p : new java.nio.file.Path[] {file, link, dir}) {
      FileStatus theirs = fs(false).getFileLinkStatus(new Path(p.toUri()));
      FileStatus ours = fs(true).getFileLinkStatus(new Path(p.toUri()));
      assertEquals(theirs, ours, p.toString());
      assertEquals(theirs.getLen(), ours.getLen(), p.toString());
      assertEquals(theirs.isDirectory(), ours.isDirectory(), p.toString());
      assertEquals(theirs.isSymlink(), ours.isSymlink(), p.toString());
      assertEquals(theirs.getModificationTime(), ours.getModificationTime(), p.toString());
    }
    assertTrue(fs(true).getFileLinkStatus(new Path(link.toString())).isSymlink(), "an unqualified path to a link");
    assertFalse(fs(true).getFileLinkStatus(new Path(file.toUri())).isSymlink());
    assertThrows(FileNotFoundException.class, () -> fs(true).getFileLinkStatus(new Path(dir.resolve("none").toUri())));
  }

  @Test
  void aFileContextWritesAndRenamesWithoutOverwritingAsDeltasLogStoreDoes() throws Exception {
    FileContext context = FileContext.getFileContext(dir.toUri(), conf(true));
    Path temp = new Path(dir.resolve(".00001.json.tmp").toUri());
    Path commit = new Path(dir.resolve("00001.json").toUri());
    try (FSDataOutputStream out = context.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.checksumParam(
        Options.ChecksumOpt.createDisabled()))) {
      out.write("{\"commitInfo\":{}}".getBytes(StandardCharsets.UTF_8));
    }
    context.rename(temp, commit, Options.Rename.NONE);
    assertEquals("{\"commitInfo\":{}}", Files.readString(dir.resolve("00001.json")));
    assertFalse(Files.exists(dir.resolve(".00001.json.tmp")));
    try (FSDataOutputStream out = context.create(temp, EnumSet.of(CreateFlag.CREATE))) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    // The commit protocol: a second writer of the same version loses.
    assertThrows(org.apache.hadoop.fs.FileAlreadyExistsException.class,
        () -> context.rename(temp, commit, Options.Rename.NONE));
  }

  private String permissions(String name) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
  }
}
