package dev.driftline.jobs.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic SHA-256 fingerprints of text parts, so the same inputs always give the same id. */
public final class Fingerprint {

  private final MessageDigest sha;

  public Fingerprint() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Fingerprint add(Object part) {
    sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    return this;
  }

  /** The first 16 hex digits: short enough to read, long enough not to collide. */
  public String id() {
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
