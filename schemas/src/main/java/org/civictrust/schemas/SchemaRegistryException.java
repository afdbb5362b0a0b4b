package org.civictrust.schemas;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A call to the schema registry failed; {@link #failure()} says how, stably. An I/O exception, because
 * apart from {@link Failure#SCHEMA_NOT_FOUND} and {@link Failure#UNSUPPORTED_SCHEMA} (which
 * {@link ConfluentCodec} turns into {@link RecordException.Fault#WRONG_SCHEMA} for the record that named
 * the id) it is a fault of the infrastructure, not of a record: retry or stop, never reject the input.
 */
public final class SchemaRegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  /** How a registry call failed. Names are stable codes. */
  public enum Failure {
    /** No answer: connection refused or reset, unknown host. */
    UNREACHABLE,
    /** No complete answer within the client's timeout. */
    TIMEOUT,
    /** An HTTP error status other than schema-not-found; {@link #status()} and {@link #errorCode()} say which. */
    HTTP_ERROR,
    /** HTTP 404 with the registry error code 40403: no schema has the id. */
    SCHEMA_NOT_FOUND,
    /** A success status whose body is not the expected JSON, or is too long. */
    BAD_ANSWER,
    /** The id names a schema this client cannot use: not Avro, with references, or not parseable. */
    UNSUPPORTED_SCHEMA
  }

  private final Failure failure;
  private final int status;
  private final int errorCode;

  SchemaRegistryException(Failure failure, int status, OptionalInt errorCode, String message, Throwable cause) {
    super(Objects.requireNonNull(failure, "failure") + ": " + message, cause);
    this.failure = failure;
    this.status = status;
    this.errorCode = errorCode.orElse(-1);
  }

  /** How the call failed. */
  public Failure failure() {
    return failure;
  }

  /** The HTTP status of the answer, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code} from an error body (e.g. 40403 schema not found), if it gave one. */
  public OptionalInt errorCode() {
    return errorCode < 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }

  /**
   * Whether the same call may succeed later with nothing changed but time: the registry did not answer
   * ({@link Failure#UNREACHABLE}, {@link Failure#TIMEOUT}) or answered that it cannot serve now
   * ({@link Failure#HTTP_ERROR} with status 408, 429 or 5xx). Not for a refused or unusable answer (another
   * 4xx, {@link Failure#BAD_ANSWER}, ...): retrying those repeats them until someone changes the
   * configuration. Schema-not-found and unsupported schemas are properties of a record, never retried.
   */
  public boolean retriable() {
    switch (failure) {
      case UNREACHABLE:
      case TIMEOUT:
        return true;
      case HTTP_ERROR:
        return status == 408 || status == 429 || (status >= 500 && status < 600);
      default:
        return false;
    }
  }
}
