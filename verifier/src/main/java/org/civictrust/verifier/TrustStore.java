package org.civictrust.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.internal.SafeText;
import org.civictrust.verifier.internal.StrictJson;

/**
 * The keys a verifier trusts: the logs (by checkpoint origin, each with its checkpoint-signing key and,
 * optionally, the witnesses a quorum of which must cosign its checkpoints) and the issuers (by issuer
 * id, each with its document-signing keys). Its file form is strict JSON:
 *
 * <pre>
 *   {"logs":[{"origin":"…","vkey":"…"[,"witnesses":[{"name":"…","vkey":"…"}],"quorum":k]}],
 *    "issuers":[{"id":"…","vkeys":["…"]}][,
 *    "revocationKeys":["…"]]}
 * </pre>
 *
 * <p>Rules, all checked by {@link #parse} and the constructors: every key is a C2SP vkey of signature
 * type 0x01 (Ed25519) parsed by {@link VerifierKey#parse}; an origin follows the checkpoint origin
 * rules (one non-empty line, no control character); an issuer's keys are all named with its id and
 * there is at least one, with no key ID twice; no origin and no issuer id appears twice; a log's
 * witnesses (C2SP tlog-policy, "Defining a witness") have cosigner keys of type 0x04, distinct names
 * and no public key twice, and come with a quorum {@code 1 <= k <= n} (both fields, or neither). The
 * optional {@code revocationKeys} (at least one when present, type 0x01, no key twice) are the keys
 * trusted to sign {@link RevocationSnapshot}s, the issuance store's signed lists of revoked keys and
 * documents.
 * Unknown fields are rejected at every level: a future field would tighten
 * verification, and a verifier that silently ignored it would fail open. Immutable and thread-safe.
 */
public final class TrustStore {
  /** The largest trust store file {@link #parse(byte[])} reads: 1 MiB. */
  public static final int MAX_SIZE = 1 << 20;

  private static final String WHAT = "trust store";

  private final Map<String, Log> logs;
  private final Map<String, Issuer> issuers;
  private final List<VerifierKey> revocationKeys;

  /**
   * A trusted log.
   *
   * @param origin the origin its checkpoints carry
   * @param vkey its checkpoint-signing key, type 0x01; its name need not be the origin
   * @param witnesses the witnesses trusted to cosign its checkpoints (C2SP tlog-cosignature); empty if
   *     none are required; copied
   * @param quorum how many of them must have cosigned a checkpoint (C2SP tlog-policy, a flat {@code
   *     group <k>} quorum): 0 exactly when there are no witnesses, else {@code 1 <= quorum <= n}
   */
  public record Log(String origin, VerifierKey vkey, List<Witness> witnesses, int quorum) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the origin is not a valid checkpoint origin, the key is not
     *     of type 0x01, or the witnesses or quorum break the rules of the class comment
     */
    public Log {
      Objects.requireNonNull(vkey, "vkey");
      Checkpoint.of(origin, 0, Rfc9162.EMPTY_ROOT);
      if (vkey.type() != VerifierKey.TYPE_ED25519) {
        throw new IllegalArgumentException("the key of log " + SafeText.quote(origin) + " is not of type 0x01");
      }
      witnesses = List.copyOf(witnesses);
      Set<String> names = new HashSet<>();
      Set<ByteBuffer> publicKeys = new HashSet<>();
      Set<String> keyRefs = new HashSet<>();
      for (Witness witness : witnesses) {
        if (!names.add(witness.name()) || !publicKeys.add(ByteBuffer.wrap(witness.vkey().publicKey()))
            || !keyRefs.add(witness.vkey().name() + "+" + SafeText.hex8(witness.vkey().keyId()))) {
          throw new IllegalArgumentException("log " + SafeText.quote(origin) + " lists the witness "
              + SafeText.quote(witness.name()) + " or its key twice");
        }
      }
      if (witnesses.isEmpty() ? quorum != 0 : quorum < 1 || quorum > witnesses.size()) {
        throw new IllegalArgumentException("the quorum of log " + SafeText.quote(origin) + " must be in [1, "
            + witnesses.size() + "] for its " + witnesses.size() + " witnesses (0 without any), got " + quorum);
      }
    }

    /** A log whose checkpoints need no cosignatures. */
    public Log(String origin, VerifierKey vkey) {
      this(origin, vkey, List.of(), 0);
    }

    /** The witnesses' cosigner keys, in order. */
    public List<VerifierKey> witnessKeys() {
      return witnesses.stream().map(Witness::vkey).toList();
    }
  }

  /**
   * A witness trusted to cosign a log's checkpoints.
   *
   * @param name the witness's name in the trust store (C2SP tlog-policy's witness name), used in
   *     evidence: non-empty, without whitespace or control characters
   * @param vkey its tlog-cosignature/v1 key, type 0x04
   */
  public record Witness(String name, VerifierKey vkey) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the name or key breaks the rules above
     */
    public Witness {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(vkey, "vkey");
      if (name.isEmpty() || !name.codePoints().allMatch(c -> c > 0x20 && !Character.isISOControl(c)
          && !Character.isWhitespace(c))) {
        throw new IllegalArgumentException("a witness name is non-empty, without whitespace or control characters: "
            + SafeText.quote(name));
      }
      if (vkey.type() != VerifierKey.TYPE_COSIGNATURE_V1) {
        throw new IllegalArgumentException("the key of witness " + SafeText.quote(name) + " is not of type 0x04");
      }
    }
  }

  /**
   * A trusted issuer.
   *
   * @param id the issuer id, which is also the name of each of its keys
   * @param vkeys its document-signing keys: at least one, type 0x01, named {@code id}, distinct key IDs;
   *     copied
   */
  public record Issuer(String id, List<VerifierKey> vkeys) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a key breaks the rules above
     */
    public Issuer {
      Objects.requireNonNull(id, "id");
      vkeys = List.copyOf(vkeys);
      if (vkeys.isEmpty()) {
        throw new IllegalArgumentException("issuer " + SafeText.quote(id) + " has no key");
      }
      Set<Integer> keyIds = new HashSet<>();
      for (VerifierKey key : vkeys) {
        if (!key.name().equals(id)) {
          throw new IllegalArgumentException("a key of issuer " + SafeText.quote(id) + " is named "
              + SafeText.quote(key.name()) + ": an issuer's keys carry its id as their name");
        }
        if (key.type() != VerifierKey.TYPE_ED25519) {
          throw new IllegalArgumentException("key " + SafeText.hex8(key.keyId()) + " of issuer "
              + SafeText.quote(id) + " is not of type 0x01");
        }
        if (!keyIds.add(key.keyId())) {
          throw new IllegalArgumentException("issuer " + SafeText.quote(id) + " lists key "
              + SafeText.hex8(key.keyId()) + " twice");
        }
      }
    }

    /** The key whose C2SP key ID is {@code keyId} (8 lowercase hex digits), if this issuer has it. */
    public Optional<VerifierKey> key(String keyId) {
      return vkeys.stream().filter(k -> SafeText.hex8(k.keyId()).equals(keyId)).findFirst();
    }
  }

  private TrustStore(Map<String, Log> logs, Map<String, Issuer> issuers, List<VerifierKey> revocationKeys) {
    this.logs = logs;
    this.issuers = issuers;
    this.revocationKeys = revocationKeys;
  }

  /**
   * The trust store of these logs and issuers, kept in the given order.
   *
   * @throws IllegalArgumentException if two logs share an origin or two issuers an id
   */
  public static TrustStore of(List<Log> logs, List<Issuer> issuers) {
    return of(logs, issuers, List.of());
  }

  /**
   * The trust store of these logs and issuers, trusting {@code revocationKeys} to sign revocation
   * snapshots, kept in the given order.
   *
   * @throws IllegalArgumentException if two logs share an origin, two issuers an id, or a revocation
   *     key is not of type 0x01 or listed twice
   */
  public static TrustStore of(List<Log> logs, List<Issuer> issuers, List<VerifierKey> revocationKeys) {
    Map<String, Log> byOrigin = new LinkedHashMap<>();
    for (Log log : logs) {
      if (byOrigin.putIfAbsent(Objects.requireNonNull(log, "log").origin(), log) != null) {
        throw new IllegalArgumentException("the origin " + SafeText.quote(log.origin()) + " appears twice");
      }
    }
    Map<String, Issuer> byId = new LinkedHashMap<>();
    for (Issuer issuer : issuers) {
      if (byId.putIfAbsent(Objects.requireNonNull(issuer, "issuer").id(), issuer) != null) {
        throw new IllegalArgumentException("the issuer id " + SafeText.quote(issuer.id()) + " appears twice");
      }
    }
    List<VerifierKey> revocation = List.copyOf(revocationKeys);
    Set<ByteBuffer> revocationPublicKeys = new HashSet<>();
    for (VerifierKey key : revocation) {
      if (key.type() != VerifierKey.TYPE_ED25519) {
        throw new IllegalArgumentException("the revocation key " + SafeText.quote(key.name()) + " is not of type 0x01");
      }
      if (!revocationPublicKeys.add(ByteBuffer.wrap(key.publicKey()))) {
        throw new IllegalArgumentException("the revocation key " + SafeText.quote(key.name()) + " is listed twice");
      }
    }
    return new TrustStore(byOrigin, byId, revocation);
  }

  /**
   * Parses a trust store file strictly: at most {@value #MAX_SIZE} bytes of UTF-8 holding the JSON
   * above and nothing else, the rules of this class.
   *
   * @throws IllegalArgumentException if it is not such a file; the message says where
   */
  public static TrustStore parse(byte[] json) {
    return parse(StrictJson.readObject(json, MAX_SIZE, WHAT));
  }

  /**
   * Parses the JSON text of a trust store, as {@link #parse(byte[])} does.
   *
   * @throws IllegalArgumentException if it is not a trust store
   */
  public static TrustStore parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static TrustStore parse(ObjectNode root) {
    boolean revocation = root.has("revocationKeys");
    StrictJson.requireFields(root, revocation ? Set.of("logs", "issuers", "revocationKeys") : Set.of("logs", "issuers"),
        WHAT);
    List<Log> logs = new ArrayList<>();
    for (JsonNode node : StrictJson.array(root, "logs", WHAT)) {
      String what = "log " + logs.size();
      boolean witnessed = node.isObject() && (node.has("witnesses") || node.has("quorum"));
      requireObject(node, witnessed ? Set.of("origin", "vkey", "witnesses", "quorum") : Set.of("origin", "vkey"), what);
      String origin = StrictJson.text(node, "origin", what);
      VerifierKey logKey = vkey(StrictJson.text(node, "vkey", what), what);
      logs.add(witnessed ? new Log(origin, logKey, witnesses(node, what), quorum(node, what))
          : new Log(origin, logKey));
    }
    List<Issuer> issuers = new ArrayList<>();
    for (JsonNode node : StrictJson.array(root, "issuers", WHAT)) {
      String what = "issuer " + issuers.size();
      requireObject(node, Set.of("id", "vkeys"), what);
      String id = StrictJson.text(node, "id", what);
      List<VerifierKey> keys = new ArrayList<>();
      for (JsonNode key : StrictJson.array(node, "vkeys", what)) {
        String keyWhat = what + " key " + keys.size();
        if (!key.isTextual()) {
          throw new IllegalArgumentException(keyWhat + " is not a string");
        }
        keys.add(vkey(key.textValue(), keyWhat));
      }
      issuers.add(new Issuer(id, keys));
    }
    List<VerifierKey> revocationKeys = new ArrayList<>();
    if (revocation) {
      List<JsonNode> nodes = StrictJson.array(root, "revocationKeys", WHAT);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("the trust store lists no revocation key: leave out \"revocationKeys\" instead");
      }
      for (JsonNode key : nodes) {
        String keyWhat = "revocation key " + revocationKeys.size();
        if (!key.isTextual()) {
          throw new IllegalArgumentException(keyWhat + " is not a string");
        }
        revocationKeys.add(vkey(key.textValue(), keyWhat));
      }
    }
    return of(logs, issuers, revocationKeys);
  }

  private static List<Witness> witnesses(JsonNode log, String what) {
    List<JsonNode> nodes = StrictJson.array(log, "witnesses", what);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException(what + " lists no witness: leave out \"witnesses\" and \"quorum\" instead");
    }
    List<Witness> witnesses = new ArrayList<>();
    for (JsonNode node : nodes) {
      String witnessWhat = what + " witness " + witnesses.size();
      requireObject(node, Set.of("name", "vkey"), witnessWhat);
      witnesses.add(new Witness(StrictJson.text(node, "name", witnessWhat),
          vkey(StrictJson.text(node, "vkey", witnessWhat), witnessWhat)));
    }
    return witnesses;
  }

  private static int quorum(JsonNode log, String what) {
    JsonNode quorum = log.get("quorum");
    if (!quorum.isInt()) {
      throw new IllegalArgumentException(what + " field \"quorum\" is not a whole number");
    }
    return quorum.intValue();
  }

  /** Returns the trust store file: compact JSON, logs and issuers in order, vkeys in their text form. */
  public String format() {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    ArrayNode logArray = root.putArray("logs");
    for (Log log : logs.values()) {
      ObjectNode node = logArray.addObject().put("origin", log.origin()).put("vkey", log.vkey().format());
      if (!log.witnesses().isEmpty()) {
        ArrayNode witnesses = node.putArray("witnesses");
        log.witnesses().forEach(w -> witnesses.addObject().put("name", w.name()).put("vkey", w.vkey().format()));
        node.put("quorum", log.quorum());
      }
    }
    ArrayNode issuerArray = root.putArray("issuers");
    for (Issuer issuer : issuers.values()) {
      ObjectNode node = issuerArray.addObject().put("id", issuer.id());
      ArrayNode keys = node.putArray("vkeys");
      issuer.vkeys().forEach(k -> keys.add(k.format()));
    }
    if (!revocationKeys.isEmpty()) {
      ArrayNode revocation = root.putArray("revocationKeys");
      revocationKeys.forEach(k -> revocation.add(k.format()));
    }
    return StrictJson.write(root);
  }

  /** The trusted logs, in file order. */
  public List<Log> logs() {
    return List.copyOf(logs.values());
  }

  /** The trusted issuers, in file order. */
  public List<Issuer> issuers() {
    return List.copyOf(issuers.values());
  }

  /** The keys trusted to sign revocation snapshots, in file order; empty if none. */
  public List<VerifierKey> revocationKeys() {
    return revocationKeys;
  }

  /** The log whose checkpoints carry {@code origin}, if trusted. */
  public Optional<Log> log(String origin) {
    return Optional.ofNullable(logs.get(origin));
  }

  /** The issuer {@code id}, if trusted. */
  public Optional<Issuer> issuer(String id) {
    return Optional.ofNullable(issuers.get(id));
  }

  private static void requireObject(JsonNode node, Set<String> fields, String what) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    StrictJson.requireFields(node, fields, what);
  }

  private static VerifierKey vkey(String text, String what) {
    try {
      return VerifierKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not a verifier key: " + e.getMessage(), e);
    }
  }

  /** Equal when the same logs, issuers and revocation keys are trusted, in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof TrustStore && ((TrustStore) other).format().equals(format());
  }

  @Override
  public int hashCode() {
    return format().hashCode();
  }

  /** Returns {@link #format()}: a trust store holds only public keys. */
  @Override
  public String toString() {
    return format();
  }
}
