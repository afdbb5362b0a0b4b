package org.civictrust.tlog.bench;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 (RFC 8032 section 5.1) signing and verification of a 97-byte checkpoint body with Bouncy
 * Castle's low-level {@link Ed25519} and with the JDK's {@code Signature("Ed25519")}, one key.
 *
 * <p>Setup checks that both implementations produce the same (deterministic) signature and accept
 * it, so the figures compare the same work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {
  /** DER prefixes of the PKCS #8 and X.509 encodings of Ed25519 keys (RFC 8410 sections 4 and 7). */
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private byte[] body;
  private byte[] secretKey;
  private byte[] publicKey;
  private Ed25519.PublicPoint publicPoint;
  private byte[] signature;
  private byte[] signatureOut;
  private Signature jdkSigner;
  private Signature jdkVerifier;

  /** Derives one key pair from a fixed seed, signs the body once with each implementation. */
  @Setup
  public void setup() throws GeneralSecurityException {
    Ed25519.precompute();
    body = Inputs.checkpointBody();
    secretKey = new byte[Ed25519.SECRET_KEY_SIZE];
    for (int i = 0; i < secretKey.length; i++) {
      secretKey[i] = (byte) (0x5a ^ i);
    }
    publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(secretKey, 0, publicKey, 0);
    publicPoint = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    if (publicPoint == null) {
      throw new IllegalStateException("the derived public key does not validate");
    }
    signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(secretKey, 0, publicKey, 0, body, 0, body.length, signature, 0);
    signatureOut = new byte[Ed25519.SIGNATURE_SIZE];

    KeyFactory keys = KeyFactory.getInstance("Ed25519");
    jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(keys.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, secretKey))));
    jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(keys.generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey))));

    if (!Arrays.equals(signature, jdkSign()) || !bcVerify() || !bcVerifyPublicPoint() || !jdkVerify()) {
      throw new IllegalStateException("Bouncy Castle and the JDK disagree on the Ed25519 signature");
    }
  }

  /** Bouncy Castle signing with the signer's public key at hand, as a note signer holds it. */
  @Benchmark
  public byte[] bcSign() {
    Ed25519.sign(secretKey, 0, publicKey, 0, body, 0, body.length, signatureOut, 0);
    return signatureOut;
  }

  /** Bouncy Castle signing from the secret key alone: it derives the public key every time. */
  @Benchmark
  public byte[] bcSignDerivingPublicKey() {
    Ed25519.sign(secretKey, 0, body, 0, body.length, signatureOut, 0);
    return signatureOut;
  }

  /** Bouncy Castle verification with the public key as 32 encoded bytes, decoded every time. */
  @Benchmark
  public boolean bcVerify() {
    return Ed25519.verify(signature, 0, publicKey, 0, body, 0, body.length);
  }

  /** Bouncy Castle verification with a public point decoded and validated once. */
  @Benchmark
  public boolean bcVerifyPublicPoint() {
    return Ed25519.verify(signature, 0, publicPoint, body, 0, body.length);
  }

  /** The JDK's Ed25519 signing, one initialised {@link Signature} reused. */
  @Benchmark
  public byte[] jdkSign() throws SignatureException {
    jdkSigner.update(body);
    return jdkSigner.sign();
  }

  /** The JDK's Ed25519 verification, one initialised {@link Signature} reused. */
  @Benchmark
  public boolean jdkVerify() throws SignatureException {
    jdkVerifier.update(body);
    return jdkVerifier.verify(signature);
  }

  private static byte[] concat(byte[] prefix, byte[] key) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }
}
