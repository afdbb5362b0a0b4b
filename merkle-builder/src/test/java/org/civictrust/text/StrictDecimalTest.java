package org.civictrust.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictDecimalTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "7, 7",
      "10, 10",
      "1000000, 1000000",
      // 19 digits, the largest signed long: the implementation's limit.
      "9223372036854775807, 9223372036854775807",
  })
  void parsesTheCanonicalDecimal(String text, long value) throws Exception {
    assertEquals(value, StrictDecimal.parseUint63(text, "n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",                        // empty
      "00",                      // leading zero
      "007",                     // leading zeros (Long.parseLong accepts them)
      "+5",                      // sign (Long.parseLong accepts it)
      "-0",
      "-5",
      " 5",
      "5 ",
      "5\n",
      "0x10",
      "1_000",
      "1e3",
      "\u0665",                  // ARABIC-INDIC DIGIT FIVE (Long.parseLong accepts it)
      "\uff15",                  // FULLWIDTH DIGIT FIVE
      "9223372036854775808",     // 2^63: grammatical, beyond this implementation's limit
      "18446744073709551615",    // 2^64 - 1: 20 digits, the largest the specs allow
      "18446744073709551616",    // 2^64: 20 digits, beyond 64 bits
      "99999999999999999999",    // 20 digits
      "100000000000000000000",   // 21 digits, rejected before any arithmetic
  })
  void rejectsAnythingElse(String text) {
    assertThrows(MalformedTextException.class, () -> StrictDecimal.parseUint63(text, "n"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 9, 10, 99, 100, 4294967295L, 4294967296L, Long.MAX_VALUE - 1, Long.MAX_VALUE})
  void parsesWhatLongToStringWrites(long value) throws Exception {
    assertEquals(value, StrictDecimal.parseUint63(Long.toString(value), "n"));
  }

  @Test
  void rejectsAMillionDigits() {
    assertThrows(MalformedTextException.class, () -> StrictDecimal.parseUint63("1".repeat(1_000_000), "n"));
  }
}
