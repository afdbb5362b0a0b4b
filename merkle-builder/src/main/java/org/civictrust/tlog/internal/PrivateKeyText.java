package org.civictrust.tlog.internal;

import java.util.Arrays;

/**
 * The text form of an Ed25519 signer key, as Go's {@code golang.org/x/mod/sumdb/note.GenerateKey}
 * writes it: {@code PRIVATE+KEY+<name>+<hex8 key ID>+<base64(type || 32-byte seed)>}, where the key ID
 * is that of the matching public key. Go defines only type 0x01; CivicTrust uses the same form with
 * type 0x04 for tlog-cosignature/v1 cosigners. Messages never echo the input. For use by {@code
 * org.civictrust.tlog} only.
 */
public final class PrivateKeyText {
  private static final String PREFIX = "PRIVATE+KEY+";

  private PrivateKeyText() {}

  /** A parsed signer key: its name, key ID, seed and derived public key. */
  public static final class Parsed {
    private final String name;
    private final int keyId;
    private final byte[] seed;
    private final byte[] publicKey;

    Parsed(String name, int keyId, byte[] seed, byte[] publicKey) {
      this.name = name;
      this.keyId = keyId;
      this.seed = seed;
      this.publicKey = publicKey;
    }

    /** The key name. */
    public String name() {
      return name;
    }

    /** The key ID, checked against the public key. */
    public int keyId() {
      return keyId;
    }

    /** The 32-byte seed; the caller takes ownership. */
    public byte[] seed() {
      return seed;
    }

    /** The 32-byte public key derived from the seed; the caller takes ownership. */
    public byte[] publicKey() {
      return publicKey;
    }

    /** Never prints the seed. */
    @Override
    public String toString() {
      return "PrivateKeyText.Parsed[" + name + "+" + KeyEncoding.hex8(keyId) + "]";
    }
  }

  /**
   * Parses a signer key of signature type {@code type} strictly and checks that its key ID is that of
   * the public key derived from its seed.
   *
   * @throws IllegalArgumentException if {@code skey} is malformed, of another type, or its key ID does
   *     not match
   */
  public static Parsed parse(String skey, byte type) {
    if (skey == null || !skey.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signer key starts with PRIVATE+KEY+");
    }
    KeyEncoding.Parts parts = KeyEncoding.parse(skey.substring(PREFIX.length()), 1 + Ed25519Keys.SEED_SIZE);
    byte[] material = parts.material();
    try {
      if (material.length != 1 + Ed25519Keys.SEED_SIZE) {
        throw new IllegalArgumentException("signer key material must be a type byte and a 32-byte seed");
      }
      if (material[0] != type) {
        throw new IllegalArgumentException(
            "signer key has signature type 0x" + String.format("%02x", material[0]) + ", expected 0x"
                + String.format("%02x", type));
      }
      byte[] seed = Arrays.copyOfRange(material, 1, material.length);
      byte[] publicKey = Ed25519Keys.publicKey(seed);
      if (KeyEncoding.keyId(parts.name(), type, publicKey) != parts.keyId()) {
        throw new IllegalArgumentException("signer key ID does not match its name, type and public key");
      }
      return new Parsed(parts.name(), parts.keyId(), seed, publicKey);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** Formats a signer key; the inverse of {@link #parse}. */
  public static String format(String name, int keyId, byte type, byte[] seed) {
    byte[] material = new byte[1 + seed.length];
    material[0] = type;
    System.arraycopy(seed, 0, material, 1, seed.length);
    try {
      return PREFIX + KeyEncoding.format(name, keyId, material);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }
}
