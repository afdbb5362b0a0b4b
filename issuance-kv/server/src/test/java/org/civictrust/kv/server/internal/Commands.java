package org.civictrust.kv.server.internal;

import java.security.SecureRandom;
import java.util.List;
import org.civictrust.kv.KvCommand;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;

/** Commands for the apply-logic tests, with fresh keys. */
public final class Commands {
  public static final String ISSUER = "registry.example/civil-status";
  public static final long DAY = 86_400_000L;

  private Commands() {}

  public static SignerKey newKey(String issuer) {
    return SignerKey.generate(issuer, new SecureRandom());
  }

  public static String keyId(SignerKey key) {
    return String.format("%08x", key.keyId());
  }

  public static KvCommand.PutIssuer putIssuer(String requestId, long expected) {
    return new KvCommand.PutIssuer(requestId, expected, ISSUER, List.of("birth-certificate", "diploma"), 3650 * DAY);
  }

  public static KvCommand.RotateKey rotate(String requestId, SignerKey key, long at, long overlapUntil) {
    return new KvCommand.RotateKey(requestId, KvCommand.ANY_VERSION, key.name(), key.verifierKey().format(), at,
        overlapUntil);
  }

  public static Hash document(int n) {
    byte[] bytes = new byte[Hash.SIZE];
    bytes[0] = (byte) (n >>> 24);
    bytes[1] = (byte) (n >>> 16);
    bytes[2] = (byte) (n >>> 8);
    bytes[3] = (byte) n;
    bytes[31] = 1;
    return Hash.of(bytes);
  }
}
