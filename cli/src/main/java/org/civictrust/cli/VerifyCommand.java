package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.VerificationException;
import org.civictrust.verifier.Check;
import org.civictrust.verifier.Receipt;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.RevocationSnapshot;
import org.civictrust.verifier.Status;
import org.civictrust.verifier.TrustStore;
import org.civictrust.verifier.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code civictrust verify}: verifies receipt files offline against a trust store file, one verdict
 * per receipt, in argument order, even when some fail. Text output, two lines a receipt:
 *
 * <pre>
 *   &lt;STATUS&gt; &lt;file&gt;
 *     [&lt;CHECK&gt;: ]&lt;explanation&gt;
 * </pre>
 *
 * <p>The status is a {@link Status} name; the file is the argument as given (control characters
 * printed as {@code ?}); the second line is two spaces, the deciding {@link Check} and a colon unless
 * VERIFIED, then the explanation. With {@code --json}, one JSON object a receipt instead. Exit code 0
 * only if every receipt is VERIFIED, 1 otherwise, 2 for bad usage or an unreadable trust store. An
 * unreadable receipt file is MALFORMED (check RECEIPT) for that file. No network access.
 *
 * <p>With {@code --revocations}, a revocation snapshot ({@code civictrust kv export-revocations}) signed
 * by one of the trust store's {@code revocationKeys} is checked too (status REVOKED); a snapshot that
 * is not so signed, or does not parse, is unreadable input (exit 2): verification never goes on
 * without the revocations it was asked to check.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify receipts offline against a trust store.",
        "Prints, for each RECEIPT in order:",
        "  <STATUS> <file>",
        "    [<CHECK>: ]<explanation>",
        "or, with --json, one JSON object. Exit code 0 if every receipt is VERIFIED,",
        "1 if any is not, 2 for bad usage or an unreadable trust store or revocation snapshot."})
final class VerifyCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Option(names = "--trust", required = true, paramLabel = "FILE",
      description = "Trust store: {\"logs\":[{\"origin\":…,\"vkey\":…}],\"issuers\":[{\"id\":…,\"vkeys\":[…]}]}.")
  Path trust;

  @Option(names = "--revocations", paramLabel = "FILE",
      description = "A revocation snapshot (from 'kv export-revocations') signed by a revocationKeys key of the trust store.")
  Path revocations;

  @Option(names = "--json", description = "Print one JSON object a receipt: file, status, check, explanation, facts.")
  boolean json;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "Verification time, ISO-8601 UTC, e.g. 2030-01-01T00:00:00Z (default: now).")
  Instant at;

  @Parameters(arity = "1..*", paramLabel = "RECEIPT", description = "Receipt files (application/vnd.civictrust.receipt.v1+json).")
  List<String> receipts;

  VerifyCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    TrustStore trustStore = InputFiles.readTrustStore(trust);
    ReceiptVerifier verifier = ReceiptVerifier.of(trustStore);
    if (revocations != null) {
      verifier = verifier.withRevocations(readRevocations(revocations, trustStore));
    }
    Instant now = at == null ? Instant.now() : at;
    boolean allVerified = true;
    for (String file : receipts) {
      Verdict verdict = verify(verifier, file, now);
      allVerified &= verdict.isVerified();
      if (json) {
        Json.print(terminal.out(), toJson(file, verdict));
      } else {
        printText(terminal.out(), file, verdict);
      }
    }
    terminal.out().flush();
    return allVerified ? 0 : Main.FAILED;
  }

  /** Reads and authenticates a revocation snapshot; any failure is unreadable input (exit 2). */
  static RevocationSnapshot readRevocations(Path file, TrustStore trustStore) throws InputException {
    if (trustStore.revocationKeys().isEmpty()) {
      throw new InputException("the trust store lists no revocation key (\"revocationKeys\"): it cannot "
          + "authenticate " + file);
    }
    byte[] bytes;
    try {
      bytes = InputFiles.readAtMost(file, Notes.MAX_NOTE_SIZE);
    } catch (IOException e) {
      throw new InputException("cannot read the revocation snapshot " + file + ": " + InputFiles.describe(e), e);
    }
    try {
      return RevocationSnapshot.open(bytes, trustStore.revocationKeys());
    } catch (VerificationException e) {
      throw new InputException(file + " is not a revocation snapshot signed by a revocation key of the trust store ("
          + e.reason() + "): " + e.getMessage(), e);
    }
  }

  /** The verdict on one receipt file; a file that cannot be read is MALFORMED. */
  static Verdict verify(ReceiptVerifier verifier, String file, Instant now) {
    byte[] bytes;
    try {
      bytes = InputFiles.readAtMost(Path.of(file), Receipt.MAX_SIZE);
    } catch (InvalidPathException e) {
      return Verdict.failed(Status.MALFORMED, Check.RECEIPT, "not a file name: " + e.getReason());
    } catch (IOException e) {
      return Verdict.failed(Status.MALFORMED, Check.RECEIPT, "cannot read the receipt file: " + InputFiles.describe(e));
    }
    if (bytes.length > Receipt.MAX_SIZE) {
      return Verdict.failed(Status.MALFORMED, Check.RECEIPT, "the receipt file holds more than "
          + Receipt.MAX_SIZE + " bytes");
    }
    return verifier.verify(bytes, now);
  }

  /** The two text lines of a verdict. */
  static void printText(PrintStream out, String file, Verdict verdict) {
    out.println(verdict.status().name() + " " + printable(file));
    out.println("  " + verdict.check().map(c -> c.name() + ": ").orElse("") + verdict.explanation());
  }

  /** The JSON object of a verdict: file, status, check (unless VERIFIED), explanation, then the facts if any. */
  static ObjectNode toJson(String file, Verdict verdict) {
    ObjectNode node = Json.object().put("file", file).put("status", verdict.status().name());
    verdict.check().ifPresent(c -> node.put("check", c.name()));
    node.put("explanation", verdict.explanation());
    verdict.facts().ifPresent(facts -> {
      node.put("issuerId", facts.issuerId()).put("issuerKeyId", facts.issuerKeyId())
          .put("documentType", facts.documentType()).put("documentId", facts.documentId())
          .put("issuedAt", facts.issuedAt().toString()).put("expiresAt", facts.expiresAt().toString());
      facts.anchor().ifPresent(anchor -> node.put("origin", anchor.origin()).put("leafIndex", anchor.leafIndex())
          .put("treeSize", anchor.treeSize()).put("rootHash", anchor.rootHash().toBase64()));
    });
    return node;
  }

  /** {@code text} with every control character replaced by '?', so that it stays on its line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
        || Character.getType(c) == Character.FORMAT ? '?' : c));
    return out.toString();
  }
}
