package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.KeyState;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;

/** JSON objects and readable tables for the issuance-store commands. */
final class KvOutput {
  private KvOutput() {}

  /** A time in milliseconds as an ISO-8601 instant, or null for -1. */
  static String time(long millis) {
    return millis < 0 ? null : Instant.ofEpochMilli(millis).toString();
  }

  /** An ISO-8601 instant as milliseconds, or {@code fallback} when null. */
  static long parseTime(String text, String option, long fallback) throws InputException {
    if (text == null) {
      return fallback;
    }
    try {
      long millis = Instant.parse(text).toEpochMilli();
      if (millis < 0) {
        throw new InputException(option + " must not be before 1970");
      }
      return millis;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InputException(option + " is not an ISO-8601 instant such as 2026-11-21T10:00:00Z: " + text, e);
    }
  }

  static InputException unavailable(KvUnavailableException e) {
    return new InputException("the issuance store did not answer: " + e.getMessage(), e);
  }

  /**
   * Prints a command's result and returns the exit code: 0 if applied, 1 if refused (the reason code
   * says why).
   */
  static int result(PrintStream out, boolean json, String requestId, String what, KvResult result) {
    if (json) {
      Json.print(out, Json.object().put("result", result.reason().name()).put("requestId", requestId)
          .put("version", result.version()).put("logIndex", result.logIndex()).put("detail", result.detail()));
    } else if (result.ok()) {
      out.printf("OK %s: version %d, log index %d (request %s)%n", what, result.version(), result.logIndex(),
          requestId);
    } else {
      out.printf("%s %s: %s (request %s)%n", result.reason().name(), what, result.detail(), requestId);
    }
    return result.ok() ? 0 : Main.FAILED;
  }

  static ObjectNode issuer(IssuerView view) {
    ObjectNode node = Json.object().put("id", view.issuer().issuerId())
        .put("maxValidity", view.issuer().maxValidity().toString()).put("version", view.issuer().version());
    ArrayNode types = node.putArray("documentTypes");
    view.issuer().documentTypes().forEach(types::add);
    ArrayNode keys = node.putArray("keys");
    view.keys().forEach(key -> keys.add(key(key)));
    return node;
  }

  static ObjectNode key(KeyRecord key) {
    return Json.object().put("keyId", key.keyId()).put("state", key.state().label())
        .put("verifierKey", key.verifierKey()).put("activeFrom", time(key.activeFrom()))
        .put("retiredAt", time(key.retiredAt())).put("overlapUntil", time(key.overlapUntil()))
        .put("cutoff", time(key.cutoff())).put("revokedAt", time(key.revokedAt())).put("reason", key.reason())
        .put("version", key.version());
  }

  static ObjectNode document(DocumentRecord document) {
    return Json.object().put("documentHash", document.documentHash().toBase64()).put("issuer", document.issuerId())
        .put("keyId", document.keyId().isEmpty() ? null : document.keyId())
        .put("origin", document.origin().isEmpty() ? null : document.origin())
        .put("leafIndex", document.leafIndex() < 0 ? null : document.leafIndex())
        .put("issuedAt", time(document.issuedAt())).put("status", document.state().label())
        .put("reason", document.reason()).put("statusAt", time(document.stateAt())).put("version", document.version());
  }

  /** Counts of keys by state, e.g. "1 active, 1 retiring". */
  static String keySummary(List<KeyRecord> keys) {
    List<String> parts = new ArrayList<>();
    for (KeyState state : KeyState.values()) {
      long count = keys.stream().filter(k -> k.state() == state).count();
      if (count > 0) {
        parts.add(count + " " + state.label());
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** Prints rows as a table with a header, columns padded to their widest cell. */
  static void table(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  static String orDash(String text) {
    return text == null || text.isEmpty() ? "-" : text;
  }
}
