package org.civictrust.monitor.internal;

import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.VerificationException;

/**
 * A checkpoint validly signed by its log: the note as the log signed it and its parsed body. Only code
 * that verified the signature, or reads back its own state, creates one.
 */
public record Held(byte[] note, Checkpoint checkpoint) {
  public long size() {
    return checkpoint.treeSize();
  }

  /** Reads back a note this module stored after verifying it (the signature is not checked again). */
  public static Held restore(byte[] note) throws VerificationException {
    return new Held(note, Checkpoint.parse(Note.parse(note).text()));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Held && java.util.Arrays.equals(((Held) other).note, note);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(note);
  }

  @Override
  public String toString() {
    return "Held[" + checkpoint.origin() + " " + checkpoint.treeSize() + " " + checkpoint.rootHash() + "]";
  }
}
