package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {
  private static final String EMPTY = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  @Test
  void isEqualByContentAndCopiesBytesInAndOut() {
    byte[] bytes = Rfc9162.EMPTY_ROOT.bytes();
    Hash hash = Hash.of(bytes);
    bytes[0] ^= 1;
    assertEquals(Rfc9162.EMPTY_ROOT, hash);
    hash.bytes()[0] ^= 1;
    assertEquals(Rfc9162.EMPTY_ROOT, hash);
    assertEquals(Rfc9162.EMPTY_ROOT.hashCode(), hash.hashCode());
    assertNotEquals(Rfc9162.EMPTY_ROOT, Rfc9162.leafHash(new byte[0]));
    assertEquals(EMPTY, hash.toString());
    assertEquals(hash, Hash.fromBase64(EMPTY));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA", // 44 characters, unpadded: 33 bytes
      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=", // non-canonical final character
      "47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", // URL-safe alphabet
      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",  // padding missing
      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= ", // trailing space
      "V3JvbmdSb290",                                  // 9 bytes
      ""})
  void rejectsAnythingButTheCanonicalBase64OfThirtyTwoBytes(String text) {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromBase64(text));
  }

  @Test
  void rejectsArraysOfAnyOtherLength() {
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[33]));
    assertThrows(IndexOutOfBoundsException.class, () -> Hash.of(new byte[40], 9));
  }
}
