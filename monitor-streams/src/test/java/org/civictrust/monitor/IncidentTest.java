package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civictrust.monitor.IncidentVerdict.Problem;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;
import org.civictrust.witness.TestLog;

/** The incident format, strictly, and the offline verifier's answer to each way evidence can be wrong. */
class IncidentTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final SignerKey MONITOR = TestLog.key("monitor.example/m1", 1);

  final TestLog log = TestLog.create(ORIGIN, 3);

  IncidentVerifier verifier() {
    return IncidentVerifier.of(List.of(MONITOR.verifierKey()), List.of(log.monitored()));
  }

  /** A genuine INCONSISTENT_CHECKPOINTS incident: the monitor accepted size 10, the fork signed 20. */
  Incident inconsistent() {
    log.append(10, "main");
    Monitor monitor = new Monitor(MONITOR.name(), List.of(log.monitored()), ProofSource.tiles(Map.of(ORIGIN,
        log.fork(6).append(14, "fork").tiles)), Monitor.Settings.defaults());
    try {
      monitor.resume(log.checkpoint(), 0);
    } catch (VerificationException e) {
      throw new IllegalStateException(e);
    }
    return monitor.observe(log.fork(6).append(14, "fork").checkpoint(), 1).incidents().get(0);
  }

  Incident with(Incident incident, IncidentReason reason, List<byte[]> checkpoints, List<Hash> proof) {
    return Incident.of(incident.monitor(), incident.time(), incident.origin(), reason, checkpoints, proof, null,
        "altered", 0);
  }

  @Test
  void formatsAndParsesBackCanonically() throws Exception {
    Incident incident = inconsistent();
    assertEquals(IncidentReason.INCONSISTENT_CHECKPOINTS, incident.reason());
    assertEquals(incident.format(), Incident.parse(incident.format()).format());
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(incident.sign(MONITOR)).status());
  }

  @Test
  void rejectsTextsThatAreNotCanonicalIncidents() {
    String text = inconsistent().format();
    for (String bad : List.of(text.replace("severity critical", "severity warning"),
        text.replace("time ", "time 0"), text.replace("reason INCONSISTENT_CHECKPOINTS", "reason FORK"),
        text + "extra line\n", text.replace("suppressed 0\n", ""),
        text.substring(0, text.indexOf("proof ")) + "detail no proof\n")) {
      VerificationException e = assertThrows(VerificationException.class, () -> Incident.parse(bad));
      assertEquals(Reason.MALFORMED, e.reason());
    }
  }

  @Test
  void eachFlawInTheEvidenceHasItsProblem() {
    Incident incident = inconsistent();
    List<byte[]> checkpoints = incident.checkpoints();
    List<Hash> proof = incident.proof();
    List<Hash> lie = new ArrayList<>(proof);
    lie.set(lie.size() - 1, Hash.of(new byte[32]));
    List<byte[]> consistent = List.of(checkpoints.get(0), log.append(5, "main").checkpoint());
    byte[] otherKey = Notes.sign(new String(checkpoints.get(1), StandardCharsets.UTF_8)
        .substring(0, TestLog.textLength(checkpoints.get(1))), TestLog.key(ORIGIN, 9));
    assertProblem(Problem.PROOF_DOES_NOT_YIELD_ROOT, with(incident, incident.reason(), checkpoints, lie));
    assertProblem(Problem.WRONG_PROOF_SIZE, with(incident, incident.reason(), checkpoints, proof.subList(1, proof.size())));
    assertProblem(Problem.SIZES_DO_NOT_FIT, with(incident, IncidentReason.SAME_SIZE_DIFFERENT_ROOT, checkpoints, List.of()));
    assertProblem(Problem.SIZES_DO_NOT_FIT, with(incident, IncidentReason.ROLLBACK, checkpoints, proof));
    assertProblem(Problem.BAD_LOG_SIGNATURE, with(incident, incident.reason(),
        List.of(checkpoints.get(0), TestLog.withBadSignature(checkpoints.get(1))), proof));
    assertProblem(Problem.NOT_SIGNED_BY_LOG, with(incident, incident.reason(), List.of(checkpoints.get(0), otherKey), proof));
    assertProblem(Problem.CONSISTENT, with(incident, incident.reason(), consistent,
        proofFor(consistent)));
    assertEquals(Problem.UNKNOWN_LOG, IncidentVerifier.of(List.of(MONITOR.verifierKey()), List.of())
        .verify(incident.sign(MONITOR)).problem());
    assertEquals(Problem.UNKNOWN_MONITOR, IncidentVerifier.of(List.of(TestLog.key("monitor.example/m1", 5).verifierKey()),
        List.of(log.monitored())).verify(incident.sign(MONITOR)).problem());
    assertEquals(Problem.MALFORMED, verifier().verify("no note".getBytes(StandardCharsets.UTF_8)).problem());
  }

  @Test
  void aSignedWarningIsAuthenticButProvesNothing() {
    Incident warning = Incident.of(MONITOR.name(), 5, ORIGIN, IncidentReason.LOG_UNREACHABLE, List.of(), List.of(),
        null, "connection refused", 0);
    IncidentVerdict verdict = verifier().verify(warning.sign(MONITOR));
    assertEquals(IncidentVerdict.Status.AUTHENTIC, verdict.status());
    assertEquals(false, verdict.isProven());
  }

  List<Hash> proofFor(List<byte[]> pair) {
    try {
      long m = org.civictrust.tlog.Checkpoint.parse(org.civictrust.tlog.Note.parse(pair.get(0)).text()).treeSize();
      long n = org.civictrust.tlog.Checkpoint.parse(org.civictrust.tlog.Note.parse(pair.get(1)).text()).treeSize();
      return org.civictrust.monitor.internal.ConsistencyEvidence.prove(m, n,
          new org.civictrust.tlog.TileHashReader(n, log.tiles));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void assertProblem(Problem problem, Incident incident) {
    IncidentVerdict verdict = verifier().verify(incident.sign(MONITOR));
    assertEquals(problem, verdict.problem(), verdict.explanation());
  }
}
