package org.civictrust.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictBase64Test {
  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @CsvSource(value = {
      // RFC 4648 section 10 test vectors.
      "'', ''",
      "f, Zg==",
      "fo, Zm8=",
      "foo, Zm9v",
      "foob, Zm9vYg==",
      "fooba, Zm9vYmE=",
      "foobar, Zm9vYmFy",
  })
  void decodesAndEncodesTheRfc4648Vectors(String bytes, String text) throws Exception {
    assertArrayEquals(ascii(bytes), StrictBase64.decode(text, 6, "v"));
    assertEquals(text, StrictBase64.encode(ascii(bytes)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Zg",          // padding missing (the JDK decoder accepts it)
      "Zg=",         // padding short
      "Zm8",         // padding missing
      "Zh==",        // non-canonical: the unused low bits of the last character are set
      "Zm9=",        // non-canonical, one padding character
      "AAB=",        // decodes like "AAA=" in the JDK
      "Zg==\n",      // trailing newline
      " Zg==",       // leading space
      "Zg==Zg==",    // padding in the middle
      "Zm9v\r\nYmFy", // line break (the MIME decoder accepts it)
      "Zm9v_-==",    // URL-safe alphabet
      "Zm9v====",
      "=",
      "====",
      "Zm9v\u00e9A==",
  })
  void rejectsAllButTheCanonicalPaddedStandardEncoding(String text) {
    assertThrows(MalformedTextException.class, () -> StrictBase64.decode(text, 100, "v"));
  }

  @Test
  void acceptsExactlyTheBoundAndNotOneByteMore() throws Exception {
    for (int bound = 0; bound <= 10; bound++) {
      for (int size = 0; size <= bound + 3; size++) {
        String text = StrictBase64.encode(new byte[size]);
        int max = bound;
        if (size <= bound) {
          assertEquals(size, StrictBase64.decode(text, max, "v").length, "size " + size + " bound " + bound);
        } else {
          assertThrows(MalformedTextException.class, () -> StrictBase64.decode(text, max, "v"),
              "size " + size + " bound " + bound);
        }
      }
    }
  }

  @Test
  void rejectsTheBytesThatRoundingTheBoundUpToFourCharactersWouldLetThrough() {
    // 4 bytes take 8 characters, as do 5 and 6: a check of the text length alone lets 6 bytes through.
    assertThrows(MalformedTextException.class, () -> StrictBase64.decode(StrictBase64.encode(new byte[5]), 4, "v"));
    assertThrows(MalformedTextException.class, () -> StrictBase64.decode(StrictBase64.encode(new byte[6]), 4, "v"));
  }

  @Test
  void rejectsAValidTextLongerThanTheBound() {
    String huge = StrictBase64.encode(new byte[3_000_000]);
    assertThrows(MalformedTextException.class, () -> StrictBase64.decode(huge, 16, "v"));
    assertThrows(MalformedTextException.class, () -> StrictBase64.decodeExactly(huge, 16, "v"));
  }

  @Test
  void decodesExactlyTheLengthAskedFor() throws Exception {
    String hash = StrictBase64.encode(new byte[32]);
    assertEquals(32, StrictBase64.decodeExactly(hash, 32, "hash").length);
    assertThrows(MalformedTextException.class, () -> StrictBase64.decodeExactly(hash, 31, "hash"));
    assertThrows(MalformedTextException.class, () -> StrictBase64.decodeExactly(hash, 33, "hash"));
    // 31 and 33 bytes take 44 characters too, as 32 do.
    assertThrows(MalformedTextException.class,
        () -> StrictBase64.decodeExactly(StrictBase64.encode(new byte[31]), 32, "hash"));
    assertThrows(MalformedTextException.class,
        () -> StrictBase64.decodeExactly(StrictBase64.encode(new byte[33]), 32, "hash"));
    assertThrows(MalformedTextException.class, () -> StrictBase64.decodeExactly("", 32, "hash"));
    assertEquals(0, StrictBase64.decodeExactly("", 0, "nothing").length);
  }

  @Test
  void decodeGivesBackWhatEncodeWrote() throws Exception {
    Random random = new Random(20240601L);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(70)];
      random.nextBytes(bytes);
      assertArrayEquals(bytes, StrictBase64.decode(StrictBase64.encode(bytes), bytes.length, "v"), "case " + i);
      assertArrayEquals(bytes, StrictBase64.decodeExactly(StrictBase64.encode(bytes), bytes.length, "v"), "case " + i);
    }
  }

  @Test
  void everyOtherFinalCharacterIsRejected() throws Exception {
    // Only final characters whose unused low bits are zero are canonical: 4 of the 64 after one
    // trailing byte (4 unused bits), 16 after two (2 unused bits).
    for (String prefix : new String[] {"Z", "Zm"}) {
      String padding = prefix.length() == 1 ? "==" : "=";
      int accepted = 0;
      for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray()) {
        try {
          StrictBase64.decode(prefix + c + padding, 3, "v");
          accepted++;
        } catch (MalformedTextException e) {
          // non-canonical
        }
      }
      assertEquals(prefix.length() == 1 ? 4 : 16, accepted, prefix);
    }
  }

  @Test
  void theMessageNamesTheFieldButNeverEchoesTheInput() {
    MalformedTextException e = assertThrows(MalformedTextException.class,
        () -> StrictBase64.decode("c2VjcmV0IGtleQ", 64, "key material"));
    assertFalse(e.getMessage().contains("c2VjcmV0IGtleQ"), e.getMessage());
  }

  @Test
  void refusesABoundNoStringCanHold() {
    assertThrows(IllegalArgumentException.class, () -> StrictBase64.decode("", -1, "v"));
    assertThrows(IllegalArgumentException.class, () -> StrictBase64.encodedLength(StrictBase64.MAX_BYTES + 1));
    assertEquals(Integer.MAX_VALUE - 3, StrictBase64.encodedLength(StrictBase64.MAX_BYTES));
  }
}
