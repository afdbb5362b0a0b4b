package org.civictrust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.civictrust.verifier.TrustStore;

/**
 * Reading the files commands are given (text files, trust stores, files with a size limit), with
 * failures said as a user reads them: a file that is missing or is not what it should be is bad input
 * (exit 2).
 */
final class InputFiles {
  private InputFiles() {}

  /** Reads a whole text file, or says it cannot. */
  static String readText(Path file) throws InputException, IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + file, e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InputException(file + " is not UTF-8 text", e);
    }
  }

  /** Reads and parses the trust store; any failure is unreadable input (exit 2). */
  static TrustStore readTrustStore(Path file) throws InputException {
    byte[] bytes;
    try {
      bytes = readAtMost(file, TrustStore.MAX_SIZE);
    } catch (IOException e) {
      throw new InputException("cannot read the trust store " + file + ": " + describe(e), e);
    }
    try {
      return TrustStore.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new InputException(file + " is not a trust store: " + e.getMessage(), e);
    }
  }

  /** Reads at most {@code limit + 1} bytes, so that a larger file is seen to be too large without reading it all. */
  static byte[] readAtMost(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(limit + 1);
    }
  }

  /** Why a file could not be read, in a few words. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
