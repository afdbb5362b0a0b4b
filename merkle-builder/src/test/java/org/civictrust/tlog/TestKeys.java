package org.civictrust.tlog;

import java.security.SecureRandom;

/**
 * Deterministic keys for tests: each seed is derived from the key name and a counter, so test runs
 * are reproducible (Ed25519 signing is deterministic too). Never use outside tests.
 */
final class TestKeys {
  private TestKeys() {}

  /** A "random" source that yields bytes derived from {@code label}, the same on every run. */
  static SecureRandom fixedRandom(String label) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private long counter = label.hashCode();

      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
          counter = counter * 6364136223846793005L + 1442695040888963407L;
          bytes[i] = (byte) (counter >>> 56);
        }
      }
    };
  }

  /** An Ed25519 note signer (type 0x01) named {@code name}. */
  static SignerKey signer(String name) {
    return SignerKey.generate(name, fixedRandom(name));
  }

  /** A cosigner (type 0x04) named {@code name}. */
  static CosignerKey cosigner(String name) {
    return CosignerKey.generate(name, fixedRandom("cosigner " + name));
  }
}
