package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MultipleTestingOracleTest {

  @TestFactory
  List<DynamicTest> benjaminiHochbergMatchesScipy() {
    return OracleFixtures.pValueFamilies().stream().map(f -> DynamicTest.dynamicTest(
        "family " + f.id() + " (" + f.pValues().length + " p-values)", () -> {
          double[] got = MultipleTesting.benjaminiHochberg(f.pValues());
          IntStream.range(0, got.length).forEach(i ->
              Tolerance.assertClose(f.adjusted()[i], got[i], "family " + f.id() + " entry " + i));
        })).toList();
  }

  @Test
  void adjustedValuesAreMonotoneInTheRawOnesAndNeverSmaller() {
    double[] p = {0.04, 0.001, 0.03, 0.5, 0.02};
    double[] q = MultipleTesting.benjaminiHochberg(p);
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        if (p[i] <= p[j]) {
          assertEquals(true, q[i] <= q[j], "order kept between " + i + " and " + j);
        }
      }
      assertEquals(true, q[i] >= p[i], "never below the raw p-value");
    }
    assertArrayEquals(new double[0], MultipleTesting.benjaminiHochberg(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> MultipleTesting.benjaminiHochberg(new double[] {1.5}));
  }
}
