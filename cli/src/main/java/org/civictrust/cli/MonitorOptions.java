package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.TrustStore;

/** What the monitor, witness and incidents commands share: the logs they follow, keys, running until stopped. */
final class MonitorOptions {
  private MonitorOptions() {}

  /**
   * The logs of a trust store file (if given) and of {@code <origin>=<vkey>} arguments; an origin
   * given twice with different keys is bad input, and at least one log is needed.
   */
  static List<MonitoredLog> logs(Path trust, List<String> arguments) throws InputException {
    Map<String, MonitoredLog> logs = new LinkedHashMap<>();
    if (trust != null) {
      TrustStore store = InputFiles.readTrustStore(trust);
      for (TrustStore.Log log : store.logs()) {
        add(logs, new MonitoredLog(log.origin(), log.vkey()), trust.toString());
      }
    }
    for (String argument : arguments == null ? List.<String>of() : arguments) {
      try {
        add(logs, MonitoredLog.parse(argument), "--log");
      } catch (IllegalArgumentException e) {
        throw new InputException("--log " + argument + ": " + e.getMessage(), e);
      }
    }
    if (logs.isEmpty()) {
      throw new InputException("no log to follow: give --trust FILE or --log ORIGIN=VKEY");
    }
    return List.copyOf(logs.values());
  }

  private static void add(Map<String, MonitoredLog> logs, MonitoredLog log, String where) throws InputException {
    MonitoredLog previous = logs.putIfAbsent(log.origin(), log);
    if (previous != null && !previous.equals(log)) {
      throw new InputException(where + ": log " + log.origin() + " is given twice with different keys");
    }
  }

  /** Verifier keys given as arguments. */
  static List<VerifierKey> vkeys(List<String> arguments, String option) throws InputException {
    List<VerifierKey> keys = new ArrayList<>();
    for (String argument : arguments == null ? List.<String>of() : arguments) {
      try {
        keys.add(VerifierKey.parse(argument));
      } catch (IllegalArgumentException e) {
        throw new InputException(option + ": not a verifier key: " + e.getMessage(), e);
      }
    }
    return keys;
  }

  /**
   * Reads a cosigner key file ({@code PRIVATE+KEY+…} of type 0x04); if it does not exist and a name is
   * given, generates one there (mode 0600) and its {@code .vkey} beside it.
   */
  static CosignerKey cosignerKey(Path file, String name) throws InputException, IOException {
    if (!Files.exists(file)) {
      if (name == null) {
        throw new InputException("no key " + file + ": give --name NAME to create one");
      }
      CosignerKey key;
      try {
        key = CosignerKey.generate(name, new SecureRandom());
      } catch (IllegalArgumentException e) {
        throw new InputException("invalid key name: " + e.getMessage(), e);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw new InputException("refusing to overwrite the existing key " + file, e);
      }
      Files.writeString(file, key.format() + "\n", StandardCharsets.UTF_8);
      Files.writeString(file.resolveSibling(file.getFileName() + ".vkey"), key.verifierKey().format() + "\n",
          StandardCharsets.UTF_8);
      return key;
    }
    String text = InputFiles.readText(file);
    try {
      return CosignerKey.parse(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    } catch (IllegalArgumentException e) {
      throw new InputException(file + " is not a cosigner key: " + e.getMessage(), e);
    }
  }

  /** A duration option: positive. */
  static Duration positive(Duration duration, String option) throws InputException {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new InputException(option + " must be positive");
    }
    return duration;
  }
}
