package org.civictrust.kv.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civictrust.kv.Change;
import org.civictrust.kv.ChangeBatch;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.IssuerRecord;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.RevocationRecord;
import org.civictrust.kv.WatermarkRecord;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.tlog.Hash;

/**
 * The read-only queries and their answers (docs/design/issuance-kv.md, "Wire format"). A query is
 * {@code format(1) type(1) arguments}; an answer is {@code format(1) status(1) appliedIndex(8) body},
 * status 0 for an answer and 1 for a malformed query (then no body).
 */
public final class Queries {
  /** The most changes one answer carries. */
  public static final int MAX_CHANGES = 10_000;
  /** The longest a change-stream query waits for a change, in milliseconds. */
  public static final long MAX_WAIT_MILLIS = 1_000;

  private Queries() {}

  /** The kinds of query, with their stable wire ids. */
  public enum Type {
    GET_ISSUER(1), LIST_ISSUERS(2), GET_DOCUMENT(3), GET_WATERMARK(4), CHANGES(5), DIGEST(6), REVOCATIONS(7);

    private final int id;

    Type(int id) {
      this.id = id;
    }

    static Optional<Type> fromId(int id) {
      for (Type type : values()) {
        if (type.id == id) {
          return Optional.of(type);
        }
      }
      return Optional.empty();
    }
  }

  /** A decoded query: the type and its arguments (unused ones are empty or 0). */
  public record Query(Type type, String name, Hash hash, long since, int max, long waitMillis) {}

  public static byte[] getIssuer(String issuerId) {
    return header(Type.GET_ISSUER).string(issuerId, Fields.MAX_NAME).toByteArray();
  }

  public static byte[] listIssuers() {
    return header(Type.LIST_ISSUERS).toByteArray();
  }

  public static byte[] getDocument(Hash documentHash) {
    return header(Type.GET_DOCUMENT).raw(documentHash.bytes()).toByteArray();
  }

  public static byte[] getWatermark(String origin) {
    return header(Type.GET_WATERMARK).string(origin, Fields.MAX_ORIGIN).toByteArray();
  }

  public static byte[] changes(long since, int max, long waitMillis) {
    return header(Type.CHANGES).i64(since).u32(max).i64(waitMillis).toByteArray();
  }

  public static byte[] digest() {
    return header(Type.DIGEST).toByteArray();
  }

  public static byte[] revocations() {
    return header(Type.REVOCATIONS).toByteArray();
  }

  private static Wire.Writer header(Type type) {
    return new Wire.Writer().u8(Codec.FORMAT).u8(type.id);
  }

  /**
   * Decodes a query, strictly.
   *
   * @throws MalformedException if the bytes are not a valid query
   */
  public static Query decode(byte[] bytes) throws MalformedException {
    Wire.Reader in = new Wire.Reader(bytes);
    if (in.u8("format") != Codec.FORMAT) {
      throw new MalformedException("unknown query format");
    }
    int typeId = in.u8("type");
    Type type = Type.fromId(typeId).orElseThrow(() -> new MalformedException("unknown query type " + typeId));
    Query query;
    switch (type) {
      case GET_ISSUER:
        query = new Query(type, in.string("issuerId", Fields.MAX_NAME), null, 0, 0, 0);
        break;
      case GET_DOCUMENT:
        query = new Query(type, "", Hash.of(in.raw("documentHash", Hash.SIZE)), 0, 0, 0);
        break;
      case GET_WATERMARK:
        query = new Query(type, in.string("origin", Fields.MAX_ORIGIN), null, 0, 0, 0);
        break;
      case CHANGES: {
        long since = in.i64("since");
        long max = in.u32("max");
        long wait = in.i64("waitMillis");
        if (since < 0 || max < 1 || max > MAX_CHANGES || wait < 0 || wait > MAX_WAIT_MILLIS) {
          throw new MalformedException("change query out of range");
        }
        query = new Query(type, "", null, since, (int) max, wait);
        break;
      }
      default:
        query = new Query(type, "", null, 0, 0, 0);
    }
    in.end();
    return query;
  }

  // ---- answers

  /** The answer to a malformed query. */
  public static byte[] malformed(long appliedIndex) {
    return new Wire.Writer().u8(Codec.FORMAT).u8(1).i64(appliedIndex).toByteArray();
  }

  /** The start of an answer: format, status 0, applied index; the caller appends the body. */
  public static Wire.Writer answer(long appliedIndex) {
    return new Wire.Writer().u8(Codec.FORMAT).u8(0).i64(appliedIndex);
  }

  /** An answer being read: its applied index, and a reader positioned at its body. */
  public record Answer(long appliedIndex, Wire.Reader body) {}

  /**
   * Reads an answer's envelope.
   *
   * @throws MalformedException if the answer is not well formed or says the query was malformed
   */
  public static Answer open(byte[] bytes) throws MalformedException {
    Wire.Reader in = new Wire.Reader(bytes);
    if (in.u8("format") != Codec.FORMAT) {
      throw new MalformedException("unknown answer format");
    }
    int status = in.u8("status");
    long appliedIndex = in.i64("appliedIndex");
    if (status != 0) {
      throw new MalformedException("the peer found the query malformed");
    }
    return new Answer(appliedIndex, in);
  }

  public static void writeIssuerView(Wire.Writer out, IssuerView view) {
    Codec.write(out, view.issuer());
    out.u32(view.keys().size());
    view.keys().forEach(k -> Codec.write(out, k));
  }

  public static IssuerView readIssuerView(Wire.Reader in) throws MalformedException {
    IssuerRecord issuer = Codec.readIssuer(in);
    int count = in.count("keys", in.remaining());
    List<KeyRecord> keys = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      keys.add(Codec.readKey(in));
    }
    try {
      return new IssuerView(issuer, keys);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  public static void writeOptionalIssuer(Wire.Writer out, Optional<IssuerView> view) {
    out.u8(view.isPresent() ? 1 : 0);
    view.ifPresent(v -> writeIssuerView(out, v));
  }

  public static Optional<IssuerView> readOptionalIssuer(Wire.Reader in) throws MalformedException {
    return present(in) ? Optional.of(readIssuerView(in)) : Optional.empty();
  }

  public static void writeIssuers(Wire.Writer out, List<IssuerView> views) {
    out.u32(views.size());
    views.forEach(v -> writeIssuerView(out, v));
  }

  public static List<IssuerView> readIssuers(Wire.Reader in) throws MalformedException {
    int count = in.count("issuers", in.remaining());
    List<IssuerView> views = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      views.add(readIssuerView(in));
    }
    return views;
  }

  public static void writeOptionalDocument(Wire.Writer out, Optional<DocumentRecord> document) {
    out.u8(document.isPresent() ? 1 : 0);
    document.ifPresent(d -> Codec.write(out, d));
  }

  public static Optional<DocumentRecord> readOptionalDocument(Wire.Reader in) throws MalformedException {
    return present(in) ? Optional.of(Codec.readDocument(in)) : Optional.empty();
  }

  public static void writeOptionalWatermark(Wire.Writer out, Optional<WatermarkRecord> watermark) {
    out.u8(watermark.isPresent() ? 1 : 0);
    watermark.ifPresent(w -> Codec.write(out, w));
  }

  public static Optional<WatermarkRecord> readOptionalWatermark(Wire.Reader in) throws MalformedException {
    return present(in) ? Optional.of(Codec.readWatermark(in)) : Optional.empty();
  }

  public static void writeRevocations(Wire.Writer out, List<RevocationRecord> revocations) {
    out.u32(revocations.size());
    revocations.forEach(r -> Codec.write(out, r));
  }

  public static List<RevocationRecord> readRevocations(Wire.Reader in) throws MalformedException {
    int count = in.count("revocations", in.remaining());
    List<RevocationRecord> revocations = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      revocations.add(Codec.readRevocation(in));
    }
    return revocations;
  }

  public static void writeChanges(Wire.Writer out, ChangeBatch batch) {
    out.u8(batch.reset() ? 1 : 0).i64(batch.nextIndex()).u32(batch.changes().size());
    for (Change change : batch.changes()) {
      out.i64(change.index());
      if (change.issuer().isPresent()) {
        Codec.write(out.u8(1), change.issuer().get());
      } else if (change.key().isPresent()) {
        Codec.write(out.u8(2), change.key().get());
      } else if (change.document().isPresent()) {
        Codec.write(out.u8(3), change.document().get());
      } else if (change.watermark().isPresent()) {
        Codec.write(out.u8(4), change.watermark().get());
      } else {
        Codec.write(out.u8(5), change.revocation().orElseThrow());
      }
    }
  }

  public static ChangeBatch readChanges(Wire.Reader in, long appliedIndex) throws MalformedException {
    boolean reset = present(in);
    long nextIndex = in.i64("nextIndex");
    int count = in.count("changes", Math.min(in.remaining(), MAX_CHANGES * 64));
    List<Change> changes = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      long index = in.i64("index");
      int kind = in.u8("kind");
      try {
        switch (kind) {
          case 1:
            changes.add(Change.of(index, Codec.readIssuer(in)));
            break;
          case 2:
            changes.add(Change.of(index, Codec.readKey(in)));
            break;
          case 3:
            changes.add(Change.of(index, Codec.readDocument(in)));
            break;
          case 4:
            changes.add(Change.of(index, Codec.readWatermark(in)));
            break;
          case 5:
            changes.add(Change.of(index, Codec.readRevocation(in)));
            break;
          default:
            throw new MalformedException("unknown change kind " + kind);
        }
      } catch (IllegalArgumentException e) {
        throw new MalformedException(e.getMessage());
      }
    }
    try {
      return new ChangeBatch(reset, changes, nextIndex, appliedIndex);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  private static boolean present(Wire.Reader in) throws MalformedException {
    int flag = in.u8("present");
    if (flag > 1) {
      throw new MalformedException("a flag is 0 or 1");
    }
    return flag == 1;
  }
}
