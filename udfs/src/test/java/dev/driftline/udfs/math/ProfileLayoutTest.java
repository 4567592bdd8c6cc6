package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Columns are numbered numeric first, then categorical; {@link ProfileLayout#bins} follows that. */
class ProfileLayoutTest {

  private static final NumericBins AGE = new NumericBins(new double[] {18, 65});
  private static final NumericBins SCORE = new NumericBins(new double[] {0.5});
  private static final CategoricalBins COUNTRY = new CategoricalBins(List.of("US", "BR", "MX"));
  private static final ProfileLayout LAYOUT = new ProfileLayout(List.of(AGE, SCORE), List.of(COUNTRY), List.of(),
      List.of());

  @Test
  void binsOfEachColumnInColumnOrder() {
    assertEquals(AGE, LAYOUT.bins(0));
    assertEquals(SCORE, LAYOUT.bins(1));
    assertInstanceOf(CategoricalBins.class, LAYOUT.bins(2));
    assertEquals(COUNTRY, LAYOUT.bins(2));
    assertEquals(List.of(3, 2, 5), List.of(LAYOUT.bins(0).size(), LAYOUT.bins(1).size(), LAYOUT.bins(2).size()));
    assertEquals(List.of("US", "BR", "MX", CategoricalBins.OTHER, CategoricalBins.NULL), LAYOUT.bins(2).labels());
  }

  @Test
  void columnsKeepTheirOrderAcrossTheNumericCategoricalBoundaryAndTheSlices() {
    ProfileLayout sliced = new ProfileLayout(List.of(AGE, SCORE), List.of(COUNTRY), List.of("plan"),
        List.of(List.of("free")));
    ProfileLayout middle = sliced.columns(1, 3);
    assertEquals(List.of(SCORE), middle.numericBins());
    assertEquals(List.of(COUNTRY), middle.categoricalBins());
    assertEquals(sliced.slices(), middle.slices());
    assertEquals(0, sliced.columns(2, 2).columnCount());
    assertThrows(IndexOutOfBoundsException.class, () -> sliced.columns(2, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> sliced.columns(2, 1));
  }

  @Test
  void noBinsPastTheLastColumn() {
    assertThrows(IndexOutOfBoundsException.class, () -> LAYOUT.bins(LAYOUT.columnCount()));
    assertThrows(IndexOutOfBoundsException.class, () -> LAYOUT.bins(-1));
  }
}
