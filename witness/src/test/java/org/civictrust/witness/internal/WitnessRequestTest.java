package org.civictrust.witness.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

class WitnessRequestTest {
  /** The example request body of C2SP tlog-witness, section "add-checkpoint". */
  static final String SPEC_EXAMPLE = "old 20852014\n"
      + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
      + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
      + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
      + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
      + "\n"
      + "example.com/behind-the-sofa\n"
      + "20852163\n"
      + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
      + "\n"
      + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

  @Test
  void parsesTheSpecsExampleAndFormatsItBackByteForByte() throws Exception {
    byte[] body = SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8);
    WitnessRequest request = WitnessRequest.parse(body);
    assertEquals(20852014, request.oldSize());
    assertEquals(4, request.proof().size());
    assertEquals(Hash.fromBase64("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw="), request.proof().get(0));
    assertArrayEquals(body, request.format());
  }

  @Test
  void rejectsBodiesThatBreakTheGrammar() {
    for (String body : List.of("old 5\n\n", "old 05\n\ncheckpoint", "old -1\n\nx", "new 5\n\nx", "old 5\nnot-a-hash\n\nx",
        "old 5", "old 5\r\n\nx", "old  5\n\nx")) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> WitnessRequest.parse(body.getBytes(StandardCharsets.UTF_8)), body);
      assertEquals(Reason.MALFORMED, e.reason(), body);
    }
  }

  @Test
  void rejectsMoreThanSixtyThreeProofLines() {
    StringBuilder body = new StringBuilder("old 1\n");
    for (int i = 0; i < 64; i++) {
      body.append(Hash.of(new byte[32]).toBase64()).append('\n');
    }
    body.append("\nx\n");
    assertThrows(VerificationException.class, () -> WitnessRequest.parse(body.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
