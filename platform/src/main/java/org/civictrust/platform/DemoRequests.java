package org.civictrust.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.KeyState;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.SignerKey;

/**
 * Demo issuers and issuance requests for {@code civictrust demo}, {@code issue --demo} and the tests: a
 * mix of valid requests and bad ones of known kinds, each with the outcome the pipeline must give it.
 */
public final class DemoRequests {
  /** The demo civil registry: issues birth certificates and marriage certificates. */
  public static final String CIVIL_REGISTRY = "registry.civictrust.example/civil-status";
  /** The demo university: issues diplomas. */
  public static final String UNIVERSITY = "university.civictrust.example/registrar";

  private static final AvroCodec<IssuanceRequest> REQUEST = AvroCodec.of(IssuanceRequest.class, 1 << 20);
  private static final String[] NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Tony"};

  /** One request record and the outcome it must get: "ISSUED" or a rejection reason code. */
  public record Request(String requestId, byte[] key, byte[] value, String expected) {}

  private DemoRequests() {}

  /** The demo issuers, signing with {@code civilKey} and {@code universityKey}. */
  public static List<IssuerPolicy> issuers(SignerKey civilKey, SignerKey universityKey) {
    return List.of(
        new IssuerPolicy(CIVIL_REGISTRY, Set.of("birth-certificate", "marriage-certificate"), Duration.ofDays(36_500),
            List.of(IssuerKey.of(civilKey, KeyState.ACTIVE))),
        new IssuerPolicy(UNIVERSITY, Set.of("diploma"), Duration.ofDays(36_500),
            List.of(IssuerKey.of(universityKey, KeyState.ACTIVE))));
  }

  /**
   * {@code count} requests made at {@code now}: about one in {@code badEvery} is bad (a retry of an
   * earlier request, malformed bytes, an unknown issuer, a document type the issuer may not issue, or a
   * document that expires before it is issued), the rest valid. Deterministic for a given seed.
   */
  public static List<Request> mix(int count, int badEvery, long now, long seed) {
    Random random = new Random(seed);
    List<Request> requests = new ArrayList<>(count);
    List<Request> issued = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      int kind = badEvery > 0 && n > 0 && n % badEvery == 0 ? 1 + (n / badEvery) % 5 : 0;
      Request request;
      if (kind == 1 && !issued.isEmpty()) {
        Request original = issued.get(random.nextInt(issued.size()));
        request = new Request(original.requestId(), original.key(), original.value(), "DUPLICATE_REQUEST");
      } else if (kind == 2) {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        request = new Request(null, ("garbage-" + n).getBytes(StandardCharsets.UTF_8), garbage, "MALFORMED");
      } else if (kind == 3) {
        request = request(n, "unknown.example/issuer", "birth-certificate", now, now + days(365), random,
            "UNKNOWN_ISSUER");
      } else if (kind == 4) {
        request = request(n, UNIVERSITY, "birth-certificate", now, now + days(365), random, "DOCUMENT_TYPE_NOT_ALLOWED");
      } else if (kind == 5) {
        request = request(n, CIVIL_REGISTRY, "birth-certificate", now, now - days(1), random, "EXPIRED");
      } else {
        boolean diploma = random.nextInt(3) == 0;
        request = request(n, diploma ? UNIVERSITY : CIVIL_REGISTRY, diploma ? "diploma" : "birth-certificate", now,
            now + days(3650), random, "ISSUED");
        issued.add(request);
      }
      requests.add(request);
    }
    return requests;
  }

  private static Request request(int n, String issuer, String type, long now, long expiresAt, Random random,
      String expected) {
    byte[] documentId = new byte[16];
    random.nextBytes(documentId);
    String requestId = "demo-" + n + "-" + Long.toHexString(random.nextLong());
    String name = NAMES[random.nextInt(NAMES.length)] + " " + NAMES[random.nextInt(NAMES.length)];
    List<Claim> claims = type.equals("diploma")
        ? List.of(new Claim("degree", "MSc Computer Science"), new Claim("graduated", "2026-07-01"))
        : List.of(new Claim("birthDate", "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)),
            new Claim("birthPlace", "Geneva"));
    IssuanceRequest request = IssuanceRequest.newBuilder().setRequestId(requestId).setIssuerId(issuer)
        .setIssuerKeyId(null).setDocumentId(ByteBuffer.wrap(documentId)).setDocumentType(type).setSubject(name)
        .setClaims(claims).setExpiresAt(expiresAt).setRequestedAt(now).build();
    try {
      return new Request(requestId, requestId.getBytes(StandardCharsets.UTF_8), REQUEST.encodeSingleObject(request),
          expected);
    } catch (RecordException e) {
      throw new IllegalStateException("a demo request does not encode", e);
    }
  }

  private static long days(int days) {
    return Duration.ofDays(days).toMillis();
  }
}
