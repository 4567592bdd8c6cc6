package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Lookups by packed bytes (up to 8) and by hash (longer) number values, OTHER and NULL alike. */
class VocabularyTest {

  private static final List<String> VALUES = List.of("", "a", "abcdefgh", "abcdefghi", "日本語");

  private static InternalRow row(String value) {
    return new GenericInternalRow(new Object[] {value == null ? null : UTF8String.fromString(value)});
  }

  @Test
  void knownValuesGetTheirPositionOthersTheSizeAndNullTheSizePlusOne() {
    Vocabulary vocabulary = new Vocabulary(VALUES);
    for (int i = 0; i < VALUES.size(); i++) {
      assertEquals(i, vocabulary.lookup(row(VALUES.get(i)), 0), VALUES.get(i));
    }
    for (String miss : List.of("a\u0000", "abcdefgi", "abcdefghj", "日本", "b")) {
      assertEquals(VALUES.size(), vocabulary.lookup(row(miss), 0), miss);
    }
    assertEquals(VALUES.size() + 1, vocabulary.lookup(row(null), 0));
  }

  @Test
  void anEmptyVocabularyPutsEveryValueInOther() {
    Vocabulary vocabulary = new Vocabulary(List.of());
    assertEquals(0, vocabulary.lookup(row("x"), 0));
    assertEquals(1, vocabulary.lookup(row(null), 0));
    assertEquals(-1, vocabulary.indexOf(UTF8String.fromString("x"), -1));
  }
}
