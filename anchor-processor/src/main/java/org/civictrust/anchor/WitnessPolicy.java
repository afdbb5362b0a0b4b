package org.civictrust.anchor;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civictrust.tlog.VerifierKey;

/**
 * The witnesses whose cosignatures a checkpoint needs before it counts (C2SP tlog-policy, a flat
 * {@code group <k> ...} quorum): the sequencer publishes a checkpoint, and builds the receipts it
 * anchors, only once at least {@code quorum} of these witnesses cosigned it (C2SP tlog-witness,
 * {@code add-checkpoint}). The same policy applies to every log of the sequencer.
 *
 * @param witnesses the witnesses, at least one, in the order their cosignatures follow the log's
 *     signature on a checkpoint; no public key twice (tlog-policy, "Defining a witness"); copied
 * @param quorum how many distinct witnesses must cosign, {@code 1 <= quorum <= witnesses.size()}
 * @param timeout how long one witness round may take: a round that has no quorum by then fails, and
 *     the sequencer tries again at the next checkpoint trigger; positive
 */
public record WitnessPolicy(List<Witness> witnesses, int quorum, Duration timeout) {
  /** The timeout of {@link #of}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * A witness: where to ask it ({@code <submission prefix>/add-checkpoint}) and its cosigner key.
   *
   * @param url the witness's submission prefix, an absolute http or https URL
   * @param key its tlog-cosignature/v1 verifier key (type 0x04); the key name names the witness
   */
  public record Witness(URI url, VerifierKey key) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the URL is not absolute http(s) or the key is not of type 0x04
     */
    public Witness {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(key, "key");
      if (!url.isAbsolute() || url.getHost() == null
          || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
        throw new IllegalArgumentException("a witness URL is an absolute http(s) URL: " + url);
      }
      if (key.type() != VerifierKey.TYPE_COSIGNATURE_V1) {
        throw new IllegalArgumentException("witness " + key.name() + " needs a cosignature/v1 key (type 0x04)");
      }
    }

    /** The witness's name: its key's name. */
    public String name() {
      return key.name();
    }
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a rule above is broken
   */
  public WitnessPolicy {
    witnesses = List.copyOf(witnesses);
    if (witnesses.isEmpty()) {
      throw new IllegalArgumentException("a witness policy names at least one witness");
    }
    Set<ByteBuffer> publicKeys = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Witness witness : witnesses) {
      if (!publicKeys.add(ByteBuffer.wrap(witness.key().publicKey()))) {
        throw new IllegalArgumentException("witness public key listed twice (" + witness.name() + ")");
      }
      if (!names.add(witness.name())) {
        throw new IllegalArgumentException("two witnesses are named " + witness.name());
      }
    }
    if (quorum < 1 || quorum > witnesses.size()) {
      throw new IllegalArgumentException("quorum must be in [1, " + witnesses.size() + "], got " + quorum);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the witness timeout must be positive");
    }
  }

  /** {@code quorum} of {@code witnesses}, each round bounded by {@link #DEFAULT_TIMEOUT}. */
  public static WitnessPolicy of(List<Witness> witnesses, int quorum) {
    return new WitnessPolicy(witnesses, quorum, DEFAULT_TIMEOUT);
  }

  /** The witnesses' cosigner keys, in order. */
  public List<VerifierKey> keys() {
    return witnesses.stream().map(Witness::key).toList();
  }
}
