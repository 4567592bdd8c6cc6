package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Lookups by packed bytes (up to 8) and by hash (longer) number values, OTHER and NULL alike, and
 * so do the lookups of a dictionary-encoded column vector by its ids.
 */
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

  /**
   * A vector with a dictionary, as Parquet's reader leaves it: rows hold ids, the dictionary the
   * strings. Every row's position must be the one its string gets, batch after batch, also when the
   * next batch comes with a new dictionary whose ids mean other strings, and for a plain vector.
   */
  @Test
  void aDictionaryEncodedVectorGetsThePositionsOfItsStringsAcrossBatchesAndDictionaries() {
    Vocabulary vocabulary = new Vocabulary(VALUES);
    List<String> first = List.of("abcdefghi", "a", "zz", "日本語", "");
    // The same ids, other strings: a cache kept from the first dictionary would give wrong positions.
    List<String> second = List.of("", "日本語", "abcdefgh", "nope-longer-than-8", "a");
    int[] ids = {0, 1, 2, 3, 4, 4, 2, -1, 0, 3, 1, 1};
    for (List<String> words : List.of(first, second, first)) {
      WritableColumnVector vector = dictionaryVector(words, ids);
      int[] out = new int[ids.length];
      vocabulary.lookup(vector, 0, ids.length, out);
      int[] tail = new int[ids.length - 5];
      vocabulary.lookup(vector, 5, ids.length - 5, tail);
      for (int r = 0; r < ids.length; r++) {
        String word = ids[r] < 0 ? null : words.get(ids[r]);
        int expected = vocabulary.lookup(row(word), 0);
        assertEquals(expected, out[r], "row " + r + " (" + word + ") of " + words);
        if (r >= 5) {
          assertEquals(expected, tail[r - 5], "row " + r + " looked up from row 5");
        }
      }
      vector.close();
    }
    List<String> plain = new ArrayList<>(VALUES);
    plain.add("other");
    plain.add(null);
    OnHeapColumnVector vector = new OnHeapColumnVector(plain.size(), DataTypes.StringType);
    for (int r = 0; r < plain.size(); r++) {
      if (plain.get(r) == null) {
        vector.putNull(r);
      } else {
        vector.putByteArray(r, plain.get(r).getBytes(StandardCharsets.UTF_8));
      }
    }
    int[] out = new int[plain.size()];
    vocabulary.lookup(vector, 0, plain.size(), out);
    for (int r = 0; r < plain.size(); r++) {
      assertEquals(vocabulary.lookup(row(plain.get(r)), 0), out[r], String.valueOf(plain.get(r)));
    }
    vector.close();
  }

  /**
   * Parquet's reader wraps a column chunk's dictionary anew for every batch: the positions looked
   * up in one batch serve the next ones of the chunk, without decoding a string again, and a new
   * chunk's dictionary (the same ids, other strings) is looked up afresh.
   */
  @Test
  void batchesOfOneParquetDictionaryDecodeEachStringOnceAndANewDictionaryIsLookedUpAgain() {
    Vocabulary vocabulary = new Vocabulary(VALUES);
    int[] ids = {0, 1, 2, 3, 2, 1, 0, -1, 3};
    CountingDictionary chunk = new CountingDictionary(List.of("a", "zz", "abcdefghi", ""));
    CountingDictionary next = new CountingDictionary(List.of("", "a", "日本語", "zz"));
    for (CountingDictionary dictionary : List.of(chunk, chunk, chunk, next, next)) {
      WritableColumnVector vector = dictionaryVector(new ParquetDictionary(dictionary, false), ids);
      int[] out = new int[ids.length];
      vocabulary.lookup(vector, 0, ids.length, out);
      for (int r = 0; r < ids.length; r++) {
        String word = ids[r] < 0 ? null : dictionary.words.get(ids[r]);
        assertEquals(vocabulary.lookup(row(word), 0), out[r], "row " + r + " (" + word + ")");
      }
      vector.close();
    }
    assertEquals(4, chunk.decoded, "each of the chunk's four ids decoded once over its three batches");
    assertEquals(4, next.decoded, "the next chunk's ids decoded once each");
  }

  /** A column chunk's dictionary as Parquet's reader has it, counting the strings it decodes. */
  private static final class CountingDictionary extends org.apache.parquet.column.Dictionary {
    final List<String> words;
    int decoded;

    CountingDictionary(List<String> words) {
      super(Encoding.PLAIN_DICTIONARY);
      this.words = words;
    }

    @Override
    public Binary decodeToBinary(int id) {
      decoded++;
      return Binary.fromString(words.get(id));
    }

    @Override
    public int getMaxId() {
      return words.size() - 1;
    }
  }

  /** A STRING vector whose row r holds dictionary id {@code ids[r]}, or null where it is negative. */
  private static WritableColumnVector dictionaryVector(List<String> words, int[] ids) {
    return dictionaryVector(new Dictionary() {
      @Override
      public byte[] decodeToBinary(int id) {
        return words.get(id).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public int decodeToInt(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long decodeToLong(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public float decodeToFloat(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public double decodeToDouble(int id) {
        throw new UnsupportedOperationException();
      }
    }, ids);
  }

  private static WritableColumnVector dictionaryVector(Dictionary dictionary, int[] ids) {
    OnHeapColumnVector vector = new OnHeapColumnVector(ids.length, DataTypes.StringType);
    WritableColumnVector dictionaryIds = vector.reserveDictionaryIds(ids.length);
    for (int r = 0; r < ids.length; r++) {
      if (ids[r] < 0) {
        vector.putNull(r);
      } else {
        dictionaryIds.putInt(r, ids[r]);
      }
    }
    vector.setDictionary(dictionary);
    return vector;
  }
}
