package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.verifier.RevocationSnapshot;
import org.junit.jupiter.api.Test;
import org.civictrust.kv.RevocationExport;
import org.civictrust.kv.RevocationRecord;

class RevocationExportTest {
  static final Hash DOCUMENT = Hash.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  static List<RevocationRecord> records() {
    return List.of(
        new RevocationRecord(RevocationRecord.Kind.DOCUMENT, "b.example/i", DOCUMENT.toBase64(), 500, 500, "fraud", 9),
        new RevocationRecord(RevocationRecord.Kind.KEY, "b.example/i", "0000ffff", 100, 200, "", 7),
        new RevocationRecord(RevocationRecord.Kind.KEY, "a.example/i", "12345678", 300, 400, "key leaked", 8));
  }

  @Test
  void exportsTheStoresRevocationsInTheDocumentedTextAndOrder() {
    RevocationSnapshot snapshot = RevocationExport.snapshot("civictrust.example/revocations", 42, 1_000, records());
    assertEquals("civictrust.org/revocations/v1\n"
        + "civictrust.example/revocations\n"
        + "index 42\n"
        + "time 1000\n"
        + "key a.example/i 12345678 300 key leaked\n"
        + "key b.example/i 0000ffff 100\n"
        + "document b.example/i " + DOCUMENT.toBase64() + " 500 fraud\n", snapshot.formatText());
  }
}
