package org.civictrust.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;

/**
 * An entries file: one log entry a line, in standard base64 with padding; an empty line is the empty
 * entry. Read as a stream, so files larger than memory work for commands that do not keep entries.
 */
final class EntriesFile {
  /** Receives each entry in order. */
  interface Consumer {
    void accept(long index, byte[] entry) throws InputException, IOException;
  }

  private EntriesFile() {}

  /** Feeds every entry of {@code file} to {@code consumer}; returns the number of entries. */
  static long forEach(Path file, Consumer consumer) throws InputException, IOException {
    long index = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = reader.readLine()) != null; index++) {
        byte[] entry;
        try {
          entry = StrictBase64.decode(line, StrictBase64.MAX_BYTES, "the entry");
        } catch (MalformedTextException e) {
          throw new InputException(file + " line " + (index + 1) + ": " + e.getMessage(), e);
        }
        consumer.accept(index, entry);
      }
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + file, e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InputException(file + " line " + (index + 1) + ": not UTF-8 text", e);
    }
    return index;
  }
}
