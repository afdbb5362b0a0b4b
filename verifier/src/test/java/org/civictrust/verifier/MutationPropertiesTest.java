package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.civictrust.tlog.TlogProof;
import org.civictrust.tlog.testing.RandomCases;
import org.civictrust.tlog.testing.RandomCases.PropertyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No single-byte change to a valid receipt verifies: not in the document bytes, not in the entry
 * bytes, not in the signed checkpoint note, not anywhere in the receipt file. Every position is tried
 * with a one-bit flip, and random positions with random replacement bytes.
 */
class MutationPropertiesTest {
  static final ReceiptFixture LOG = ReceiptFixture.standard(6);
  static final ReceiptVerifier VERIFIER = ReceiptVerifier.of(ReceiptFixture.trustStore());
  static final Receipt RECEIPT = LOG.receipt(3);
  static final TlogProof PROOF = LOG.proof(3, LOG.checkpoint(ReceiptFixture.LOG_KEY));

  /** The parts of a receipt a mutation may hit. */
  enum Part { DOCUMENT, ENTRY, CHECKPOINT, FILE }

  static byte[] bytes(Part part) {
    switch (part) {
      case DOCUMENT:
        return RECEIPT.document();
      case ENTRY:
        return RECEIPT.entry();
      case CHECKPOINT:
        return PROOF.signedCheckpoint();
      default:
        return RECEIPT.format().getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The verdict on the receipt with {@code part} replaced by {@code mutated}. A checkpoint note that
   * is no longer UTF-8 is decoded with replacement characters: still a different note.
   */
  static Verdict verdictWith(Part part, byte[] mutated) {
    switch (part) {
      case DOCUMENT:
        return VERIFIER.verify(new Receipt(mutated, RECEIPT.entry(), RECEIPT.tlogProof()), NOW);
      case ENTRY:
        return VERIFIER.verify(new Receipt(RECEIPT.document(), mutated, RECEIPT.tlogProof()), NOW);
      case CHECKPOINT:
        String proof = PROOF.format();
        String head = proof.substring(0, proof.length()
            - new String(PROOF.signedCheckpoint(), StandardCharsets.UTF_8).length());
        return VERIFIER.verify(new Receipt(RECEIPT.document(), RECEIPT.entry(),
            head + new String(mutated, StandardCharsets.UTF_8)), NOW);
      default:
        return VERIFIER.verify(mutated, NOW);
    }
  }

  @Test
  void theUnmutatedReceiptVerifiesThroughEveryPart() {
    for (Part part : Part.values()) {
      assertEquals(Status.VERIFIED, verdictWith(part, bytes(part)).status(), part.name());
    }
  }

  @Test
  void everyOneBitFlipAtEveryPositionFails() {
    List<String> verified = new ArrayList<>();
    int tried = 0;
    for (Part part : Part.values()) {
      byte[] original = bytes(part);
      for (int at = 0; at < original.length; at++) {
        for (int bit : new int[] {0x01, 0x20, 0x80}) {
          byte[] mutated = original.clone();
          mutated[at] ^= bit;
          tried++;
          if (verdictWith(part, mutated).isVerified()) {
            verified.add(part + " byte " + at + " xor " + bit);
          }
        }
      }
    }
    assertEquals(List.of(), verified, "mutations that verified, of " + tried);
  }

  /**
   * 2000 random mutations: a part, a position in it, and any other byte; after the first and last byte
   * of each part replaced by each of 0, 1, -1, 127 and -128 that differs from it.
   */
  static Stream<Arguments> mutations() {
    List<Arguments> edges = new ArrayList<>();
    for (Part part : Part.values()) {
      byte[] original = bytes(part);
      for (int at : new int[] {0, original.length - 1}) {
        for (byte value : new byte[] {0, 1, -1, Byte.MAX_VALUE, Byte.MIN_VALUE}) {
          if (value != original[at]) {
            edges.add(Arguments.of(new Mutation(part, at, value)));
          }
        }
      }
    }
    return RandomCases.cases(2000, g -> {
      Part part = g.oneOf(Part.values());
      byte[] original = bytes(part);
      int at = g.intBetween(0, original.length - 1);
      return Arguments.of(new Mutation(part, at, (byte) (original[at] + g.intBetween(1, 255))));
    }, edges.toArray(new Arguments[0]));
  }

  @PropertyTest
  @MethodSource("mutations")
  void noSingleByteReplacementVerifies(Mutation mutation) {
    byte[] mutated = bytes(mutation.part());
    mutated[mutation.at()] = mutation.value();
    Verdict verdict = verdictWith(mutation.part(), mutated);
    assertNotEquals(Status.VERIFIED, verdict.status(), mutation + ": " + verdict.explanation());
  }

  /** 300 arrays of 0 to 255 random bytes, after no bytes and each one-byte array of 0, 1, -1, 127, -128. */
  static Stream<Arguments> byteArrays() {
    List<Arguments> edges = new ArrayList<>(List.of(Arguments.of((Object) new byte[0])));
    for (byte value : new byte[] {0, 1, -1, Byte.MAX_VALUE, Byte.MIN_VALUE}) {
      edges.add(Arguments.of((Object) new byte[] {value}));
    }
    return RandomCases.cases(300, g -> Arguments.of((Object) g.bytes(0, 255)), edges.toArray(new Arguments[0]));
  }

  @PropertyTest
  @MethodSource("byteArrays")
  void arbitraryBytesAreMalformedAndNeverThrow(byte[] json) {
    assertEquals(Status.MALFORMED, VERIFIER.verify(json, NOW).status());
  }

  /** Replace the byte at {@code at} of {@code part} by {@code value}. */
  record Mutation(Part part, int at, byte value) {}
}
