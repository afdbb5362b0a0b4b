package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.civictrust.files.AtomicFiles;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.Receipt;

/**
 * Receipt files ({@code application/vnd.civictrust.receipt.v1+json}) of the receipt records on the
 * receipts topic, as {@code receipts} and {@code demo} write them: {@code <request id>.json}, the
 * request id made safe by {@link SafeNames#fileName}.
 */
final class ReceiptFiles {
  private ReceiptFiles() {}

  /** The receipt file form of a receipt record. */
  static org.civictrust.verifier.Receipt toFile(Receipt receipt) {
    return new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
        Documents.bytes(receipt.getEntry()), receipt.getTlogProof());
  }

  /**
   * Writes the receipt file of {@code receipt} into {@code directory}, which exists, atomically and
   * durably; returns the file.
   *
   * @throws IllegalArgumentException if a field is too large for the receipt file format
   */
  static Path write(Path directory, Receipt receipt) throws IOException {
    byte[] json = toFile(receipt).format().getBytes(StandardCharsets.UTF_8);
    Path file = directory.resolve(SafeNames.fileName(receipt.getRequestId()) + ".json");
    AtomicFiles.write(file, json);
    return file;
  }
}
