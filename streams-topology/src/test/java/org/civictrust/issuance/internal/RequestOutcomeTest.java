package org.civictrust.issuance.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Unit tests of the request-outcomes store format. */
class RequestOutcomeTest {
  static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  void formatThenParseIsTheIdentity() {
    RequestOutcome issued = RequestOutcome.issued(filled(1), filled(2));
    RequestOutcome rejected = RequestOutcome.rejected(filled(3), "UNKNOWN_ISSUER");
    assertEquals(issued, RequestOutcome.parse(issued.format()));
    assertEquals(rejected, RequestOutcome.parse(rejected.format()));
    assertTrue(issued.isIssued());
    assertFalse(rejected.isIssued());
    assertEquals(1 + 32 + 1 + 32, issued.format().length);
  }

  @Test
  void theFormatIsPinned() {
    byte[] bytes = RequestOutcome.rejected(filled(0), "EXPIRED").format();
    assertEquals(0x01, bytes[0]);
    assertEquals(0x02, bytes[33]);
    assertArrayEquals("EXPIRED".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, 34, bytes.length));
  }

  @Test
  void tellsARetryFromAConflict() {
    RequestOutcome outcome = RequestOutcome.issued(filled(1), filled(2));
    assertTrue(outcome.sameRequest(filled(1)));
    assertFalse(outcome.sameRequest(filled(9)));
  }

  @Test
  void corruptStoreBytesAreARealFault() {
    byte[] good = RequestOutcome.issued(filled(1), filled(2)).format();
    assertThrows(IllegalStateException.class, () -> RequestOutcome.parse(new byte[0]));
    assertThrows(IllegalStateException.class, () -> RequestOutcome.parse(Arrays.copyOf(good, good.length - 1)));
    byte[] version = good.clone();
    version[0] = 2;
    assertThrows(IllegalStateException.class, () -> RequestOutcome.parse(version));
    byte[] kind = good.clone();
    kind[33] = 7;
    assertThrows(IllegalStateException.class, () -> RequestOutcome.parse(kind));
    byte[] reason = RequestOutcome.rejected(filled(1), "EXPIRED").format();
    reason[34] = 'e';
    assertThrows(IllegalStateException.class, () -> RequestOutcome.parse(reason));
  }

  @Test
  void anOutcomeIsEitherIssuedOrRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RequestOutcome(filled(1), filled(2), "EXPIRED"));
    assertThrows(IllegalArgumentException.class, () -> new RequestOutcome(filled(1), null, null));
    assertThrows(IllegalArgumentException.class, () -> RequestOutcome.issued(new byte[31], filled(2)));
  }
}
