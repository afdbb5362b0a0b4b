package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.civictrust.tlog.SignerKey;

/**
 * Signer key files: one Ed25519 note key in the {@code PRIVATE+KEY+…} text form of Go's sumdb note
 * package, in a file only its owner can read, named after the key ({@link #fileName}). Written by
 * {@code keys generate}, {@code up} and {@code demo}; read by every command that signs.
 */
final class SignerKeyFiles {
  private SignerKeyFiles() {}

  /** Reads a signer key file: the {@code PRIVATE+KEY+…} text, with or without a final newline. */
  static SignerKey read(Path file) throws InputException, IOException {
    String text = InputFiles.readText(file);
    String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    try {
      return SignerKey.parse(line);
    } catch (IllegalArgumentException e) {
      throw new InputException(file + " is not a signer key: " + e.getMessage(), e);
    }
  }

  /** Writes {@code key} to a new file only its owner can read; never overwrites. */
  static void write(Path file, SignerKey key) throws InputException, IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new InputException("refusing to overwrite the existing key " + file, e);
    }
    Files.writeString(file, key.format() + "\n", StandardCharsets.UTF_8);
  }

  /** The file name a key named {@code name} is stored under: unsafe characters become '_'. */
  static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
