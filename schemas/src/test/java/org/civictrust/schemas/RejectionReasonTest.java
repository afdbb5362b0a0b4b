package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rejection reasons are a wire contract: every (id, name) ever assigned is pinned here, so renaming
 * a reason, renumbering it or reusing an id fails, and a reason added without its pair fails too.
 */
class RejectionReasonTest {
  /**
   * Every (id, name) pair ever assigned, in id order. Append only: a new reason takes the next id and a
   * new line; a retired reason keeps its line and moves to {@link #RETIRED}, so its id is never reused.
   */
  private static final List<String> ASSIGNED = List.of(
      "1 SEED_MALFORMED",
      "2 SEED_WRONG_LOG",
      "3 SEED_BAD_CHECKPOINT",
      "4 SEED_ROOT_MISMATCH",
      "5 SEED_TILE_MISMATCH",
      "6 SEED_LOG_NOT_EMPTY",
      "7 MALFORMED",
      "8 WRONG_SCHEMA",
      "9 OVERSIZE",
      "10 EXPIRED",
      "11 FUTURE_DATED",
      "12 STALE_REQUEST",
      "13 UNKNOWN_ISSUER",
      "14 DOCUMENT_TYPE_NOT_ALLOWED",
      "15 VALIDITY_TOO_LONG",
      "16 UNKNOWN_KEY",
      "17 KEY_NOT_ACTIVE",
      "18 NO_ACTIVE_KEY",
      "19 DUPLICATE_REQUEST",
      "20 REQUEST_ID_CONFLICT",
      "21 DUPLICATE_DOCUMENT",
      "22 KEY_REVOKED",
      "23 NO_SIGNER_KEY",
      "24 ISSUANCE_STATE_UNAVAILABLE",
      "25 CORRUPT_ISSUED_DOCUMENT",
      "26 LOG_AWAITING_SEED");

  /** Pairs of {@link #ASSIGNED} whose reason is no longer written; their ids and names stay taken. */
  private static final Set<String> RETIRED = Set.of();

  private static final Pattern DOC_ROW = Pattern.compile("^\\| (\\d+) \\| ([A-Z_]+) \\|.*");

  private static List<String> pairsOf(RejectionReason... reasons) {
    return Arrays.stream(reasons).map(reason -> reason.id() + " " + reason.name()).toList();
  }

  @Test
  void everyReasonKeepsItsAssignedIdAndName() {
    List<String> live = new ArrayList<>(ASSIGNED);
    live.removeAll(RETIRED);
    assertEquals(live, pairsOf(RejectionReason.values()));
  }

  @Test
  void idsAndNamesAreNeverReused() {
    Set<Integer> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (String pair : ASSIGNED) {
      String[] idAndName = pair.split(" ");
      int id = Integer.parseInt(idAndName[0]);
      assertTrue(id >= 1, pair + ": ids start at 1");
      assertTrue(ids.add(id), pair + ": id assigned twice");
      assertTrue(names.add(idAndName[1]), pair + ": name assigned twice");
    }
    assertTrue(ASSIGNED.containsAll(RETIRED), "a retired pair was assigned first");
  }

  @Test
  void wireNamesFitTheRequestOutcomeStore() {
    // The issuance topology stores a rejected request's reason as 1 to 64 ASCII characters of A-Z and _.
    for (RejectionReason reason : RejectionReason.values()) {
      assertTrue(reason.name().matches("[A-Z][A-Z_]{0,63}"), reason.name());
    }
  }

  @Test
  void mapsEveryRecordFaultToAReason() {
    assertEquals(RejectionReason.MALFORMED, RejectionReason.of(RecordException.Fault.MALFORMED));
    assertEquals(RejectionReason.MALFORMED, RejectionReason.of(RecordException.Fault.NOT_CANONICAL));
    assertEquals(RejectionReason.WRONG_SCHEMA, RejectionReason.of(RecordException.Fault.WRONG_SCHEMA));
    assertEquals(RejectionReason.OVERSIZE, RejectionReason.of(RecordException.Fault.OVERSIZE));
  }

  @Test
  void formatsDocListsEveryReason() throws IOException {
    Path formats = Path.of("..", "docs", "formats.md");
    List<String> lines = Files.readAllLines(formats, StandardCharsets.UTF_8);
    int start = lines.indexOf("## Rejection reasons (`org.civictrust.schemas.RejectionReason`)");
    assertTrue(start >= 0, formats + " has no rejection reasons section");
    List<String> documented = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      Matcher row = DOC_ROW.matcher(line);
      if (row.matches()) {
        documented.add(row.group(1) + " " + row.group(2));
      }
    }
    assertEquals(pairsOf(RejectionReason.values()), documented);
  }
}
