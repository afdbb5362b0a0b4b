package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.CIVIL;
import static org.civictrust.issuance.Fixtures.CIVIL_ACTIVE;
import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.IssuedEntry;
import org.junit.jupiter.api.Test;

/** Component tests of the accepted path and of the topology's shape. */
class IssuanceTopologyTest {
  @Test
  void issuesAValidRequestAsTheCanonicalDocumentSignedByTheIssuerKey() throws Exception {
    try (Harness harness = new Harness()) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1".getBytes(StandardCharsets.UTF_8), value, T0 + 5);
      List<TestRecord<byte[], byte[]>> records = harness.issuedRecords();
      assertEquals(1, records.size());
      assertTrue(harness.rejectedRecords().isEmpty());
      TestRecord<byte[], byte[]> record = records.get(0);
      assertArrayEquals("req-1".getBytes(StandardCharsets.UTF_8), record.key(), "keyed by the requestId");
      assertEquals(T0 + 5, record.timestamp(), "the output keeps the request's record timestamp");

      IssuedDocument issued = Harness.issued(record.value());
      assertEquals("req-1", issued.getRequestId());
      byte[] canonical = Documents.bytes(issued.getDocument());
      IssuanceRequest request = request("req-1").build();
      Document expected = Document.newBuilder()
          .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
          .setDocumentId(request.getDocumentId())
          .setType(request.getDocumentType())
          .setIssuerId(CIVIL)
          .setIssuerKeyId(keyId(CIVIL_ACTIVE))
          .setIssuedAt(T0 + 5)
          .setExpiresAt(request.getExpiresAt())
          .setSubject(request.getSubject())
          .setClaims(List.of(new Claim("birthDate", "2026-11-18"), new Claim("birthPlace", "Geneva"),
              new Claim("parents", "Grace Example; Alan Example")))
          .build();
      assertArrayEquals(Documents.canonicalBytes(expected), canonical, "the canonical document, claims sorted");
      assertEquals(expected, Documents.parseDocument(canonical));

      byte[] entryBytes = Documents.bytes(issued.getEntry());
      IssuedEntry entry = Documents.parseEntry(entryBytes);
      assertArrayEquals(Documents.sha256(canonical), Documents.bytes(entry.getDocumentHash()));
      assertEquals(CIVIL, entry.getIssuerId());
      assertEquals(keyId(CIVIL_ACTIVE), entry.getIssuerKeyId());
      assertEquals(T0 + 5, entry.getIssuedAt(), "issuedAt is the record timestamp");
      assertEquals("birth-certificate", entry.getDocumentType());
      CIVIL_ACTIVE.verifierKey().verify(canonical, Documents.bytes(entry.getIssuerSignature()));
    }
  }

  @Test
  void theLogEntryCarriesNoPersonalData() throws Exception {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1")));
      IssuedDocument issued = harness.onlyIssued();
      String entry = new String(Documents.bytes(issued.getEntry()), StandardCharsets.ISO_8859_1);
      assertFalse(entry.contains("Ada Example"));
      assertFalse(entry.contains("Geneva"));
      assertFalse(entry.contains("2026-11-18"));
    }
  }

  @Test
  void signsWithTheActiveKeyTheRequestNames() throws Exception {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1").setIssuerKeyId(keyId(CIVIL_ACTIVE))));
      IssuedDocument issued = harness.onlyIssued();
      IssuedEntry entry = Documents.parseEntry(Documents.bytes(issued.getEntry()));
      assertEquals(keyId(CIVIL_ACTIVE), entry.getIssuerKeyId());
      CIVIL_ACTIVE.verifierKey().verify(Documents.bytes(issued.getDocument()), Documents.bytes(entry.getIssuerSignature()));
    }
  }

  @Test
  void anIssuerWithSeveralActiveKeysSignsWithTheLowestKeyId() throws Exception {
    String lowest = keyId(Fixtures.ROTATING_A).compareTo(keyId(Fixtures.ROTATING_B)) < 0
        ? keyId(Fixtures.ROTATING_A) : keyId(Fixtures.ROTATING_B);
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1").setIssuerId(Fixtures.ROTATING).setDocumentType("diploma")));
      IssuedEntry entry = Documents.parseEntry(Documents.bytes(harness.onlyIssued().getEntry()));
      assertEquals(lowest, entry.getIssuerKeyId());
    }
  }

  @Test
  void aValidRequestWithANullKeyIsIssued() throws Exception {
    try (Harness harness = new Harness()) {
      harness.send(null, encode(request("req-1")), T0);
      assertEquals("req-1", harness.onlyIssued().getRequestId());
    }
  }

  @Test
  void requestHeadersAreNotCopiedToTheOutput() {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1")));
      assertEquals(0, harness.issuedRecords().get(0).headers().toArray().length);
    }
  }

  @Test
  void everyProcessorSourceSinkAndStoreIsNamed() {
    TopologyDescription description = IssuanceTopology.build(Fixtures.config()).describe();
    String text = description.toString();
    assertFalse(text.contains("KSTREAM-"), text);
    assertFalse(text.contains("KTABLE-"), text);
    assertEquals(1, description.subtopologies().size(), "one sub-topology, no repartition topic");
    for (String name : List.of(IssuanceTopology.SOURCE, IssuanceTopology.DECODE, IssuanceTopology.DEDUP_REQUEST,
        IssuanceTopology.VALIDATE, IssuanceTopology.POLICY, IssuanceTopology.CANONICALIZE,
        IssuanceTopology.DEDUP_DOCUMENT, IssuanceTopology.SIGN, IssuanceTopology.RECORD_ISSUED,
        IssuanceTopology.RECORD_REJECTED, IssuanceTopology.ISSUED_SINK, IssuanceTopology.REJECTED_SINK,
        IssuanceTopology.REQUEST_OUTCOMES_STORE, IssuanceTopology.DOCUMENT_HASHES_STORE)) {
      assertTrue(text.contains(name + " ") || text.contains(name + ")") || text.contains(name + "]")
          || text.contains(name + ","), name + " in " + text);
    }
  }

  @Test
  void buildIsAPureFactory() {
    IssuanceConfig config = Fixtures.config();
    assertEquals(IssuanceTopology.build(config).describe(), IssuanceTopology.build(config).describe());
    assertNotEquals(IssuanceTopology.build(config), IssuanceTopology.build(config), "a new topology each call");
  }

  @Test
  void bothStoresAreChangelogged() {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1")));
      String app = IssuanceConfig.DEFAULT_APPLICATION_ID;
      assertTrue(harness.driver().producedTopicNames().containsAll(List.of(
          app + "-" + IssuanceTopology.REQUEST_OUTCOMES_STORE + "-changelog",
          app + "-" + IssuanceTopology.DOCUMENT_HASHES_STORE + "-changelog")),
          harness.driver().producedTopicNames().toString());
    }
  }

  @Test
  void readsTopicsFromTheConfiguration() {
    IssuanceTopics topics = new IssuanceTopics("in", "out-rejected", "out-issued");
    try (Harness harness = new Harness(Fixtures.config().withTopics(topics))) {
      harness.send("req-1", encode(request("req-1")));
      assertEquals("req-1", harness.onlyIssued().getRequestId());
      harness.send("req-1", new byte[] {1, 2, 3});
      assertEquals("in", harness.onlyRejection().getSourceTopic());
    }
  }
}
