package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Replay: the same input records into a fresh deployment give byte-identical outputs (keys, values,
 * timestamps, order), and every input yields exactly one output.
 */
class DeterminismTest {
  /** One input record. */
  record Input(byte[] key, byte[] value, long timestamp) {}

  /** What came out: both topics, in order. */
  record Output(List<TestRecord<byte[], byte[]>> issued, List<TestRecord<byte[], byte[]>> rejected) {}

  static final int VALID = 60;

  /** A mixed, shuffled (with a fixed seed) input: valid requests, retries, conflicts, duplicates, garbage, policy violations. */
  static List<Input> mixedInput() {
    Random random = new Random(42);
    List<Input> inputs = new ArrayList<>();
    List<Input> valid = new ArrayList<>();
    for (int i = 0; i < VALID; i++) {
      String id = "req-" + i;
      long timestamp = T0 + i * 1_000L;
      Input input = new Input(bytes(id), encode(request(id).setRequestedAt(timestamp - 50)), timestamp);
      valid.add(input);
      inputs.add(input);
    }
    for (int i = 0; i < 15; i++) {
      Input original = valid.get(random.nextInt(VALID));
      inputs.add(new Input(original.key(), original.value(), original.timestamp() + 5_000_000L));
    }
    for (int i = 0; i < 10; i++) {
      String id = "req-" + random.nextInt(VALID);
      inputs.add(new Input(bytes(id), encode(request(id).setSubject("Conflict " + i)), T0 + VALID * 1_000L));
    }
    for (int i = 0; i < 10; i++) {
      Input original = valid.get(i);
      String id = "copy-" + i;
      inputs.add(new Input(bytes(id), encode(request("req-" + i).setRequestId(id)
          .setDocumentId(ByteBuffer.wrap(Fixtures.documentId("req-" + i))).setRequestedAt(original.timestamp() - 50)),
          original.timestamp()));
    }
    for (int i = 0; i < 25; i++) {
      byte[] garbage = new byte[random.nextInt(100)];
      random.nextBytes(garbage);
      inputs.add(new Input(i % 5 == 0 ? null : bytes("g" + i), i % 7 == 0 ? null : garbage, T0 + i));
    }
    inputs.add(new Input(bytes("p1"), encode(request("p1").setIssuerId("forger.example")), T0));
    inputs.add(new Input(bytes("p2"), encode(request("p2").setIssuerKeyId(keyId(Fixtures.CIVIL_REVOKED))), T0));
    inputs.add(new Input(bytes("p3"), encode(request("p3").setDocumentType("driving-licence")), T0));
    inputs.add(new Input(bytes("p4"), encode(request("p4").setExpiresAt(T0)), T0));
    inputs.add(new Input(bytes("p5"), encode(request("p5").setRequestedAt(T0 + 3_600_000L)), T0));
    inputs.add(new Input(bytes("p6"), encode(request("p6").setRequestedAt(T0 - 100 * 86_400_000L)), T0));
    List<Input> shuffled = new ArrayList<>(inputs.subList(VALID, inputs.size()));
    Collections.shuffle(shuffled, random);
    List<Input> ordered = new ArrayList<>(inputs.subList(0, VALID));
    ordered.addAll(shuffled);
    return ordered;
  }

  static Output run(List<Input> inputs) {
    try (Harness harness = new Harness()) {
      for (Input input : inputs) {
        harness.send(input.key(), input.value(), input.timestamp());
      }
      return new Output(harness.issuedRecords(), harness.rejectedRecords());
    }
  }

  @Test
  void replayingTheSameInputIntoAFreshDeploymentGivesByteIdenticalOutputs() {
    List<Input> inputs = mixedInput();
    Output first = run(inputs);
    Output second = run(inputs);
    assertIdentical(first.issued(), second.issued());
    assertIdentical(first.rejected(), second.rejected());
  }

  @Test
  void everyInputYieldsExactlyOneOutput() {
    List<Input> inputs = mixedInput();
    Output output = run(inputs);
    assertEquals(inputs.size(), output.issued().size() + output.rejected().size());
    assertEquals(VALID, output.issued().size(), "each valid request once, nothing else");
    Map<String, Integer> reasons = new TreeMap<>();
    for (TestRecord<byte[], byte[]> record : output.rejected()) {
      reasons.merge(Harness.rejection(record.value()).getReason(), 1, Integer::sum);
    }
    assertEquals(15, reasons.get("DUPLICATE_REQUEST"));
    assertEquals(10, reasons.get("REQUEST_ID_CONFLICT"));
    assertEquals(10, reasons.get("DUPLICATE_DOCUMENT"));
    assertEquals(25, reasons.get("MALFORMED"));
    assertEquals(1, reasons.get("UNKNOWN_ISSUER"));
    assertEquals(1, reasons.get("KEY_REVOKED"));
    assertEquals(1, reasons.get("DOCUMENT_TYPE_NOT_ALLOWED"));
    assertEquals(1, reasons.get("EXPIRED"));
    assertEquals(1, reasons.get("FUTURE_DATED"));
    assertEquals(1, reasons.get("STALE_REQUEST"));
  }

  static void assertIdentical(List<TestRecord<byte[], byte[]>> expected, List<TestRecord<byte[], byte[]>> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).key(), actual.get(i).key(), "key " + i);
      assertArrayEquals(expected.get(i).value(), actual.get(i).value(), "value " + i);
      assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp(), "timestamp " + i);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
