package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Bit-for-bit comparison of states through their Java serialization: equal bytes mean every
 * count, sum and moment is the same double or long, not merely close.
 */
public final class SameBits {

  private SameBits() {}

  public static byte[] of(Serializable state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static void assertSameBits(Serializable expected, Serializable actual, String what) {
    byte[] a = of(expected);
    byte[] b = of(actual);
    assertTrue(Arrays.equals(a, b), what + ": the states differ (" + a.length + " and " + b.length
        + " serialized bytes, first difference at byte " + Arrays.mismatch(a, b) + ")");
  }
}
