package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.civictrust.files.AtomicFiles;
import picocli.CommandLine.Option;

/**
 * Where a command finds the Kafka cluster: {@code --data DIR}, the data directory of a running
 * {@code civictrust up}, which writes the cluster's address to {@code DIR/bootstrap}; or
 * {@code --bootstrap HOST:PORT[,HOST:PORT…]}. At most one of the two (a picocli exclusive group); with
 * neither, {@code --data civictrust-data}.
 */
final class ClusterOptions {
  /** The data directory when none is given. */
  static final Path DEFAULT_DATA = Path.of("civictrust-data");
  /** The file in the data directory holding the bootstrap address while {@code up} runs. */
  static final String BOOTSTRAP_FILE = "bootstrap";

  private static final Pattern ADDRESS =
      Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

  @Option(names = "--data", paramLabel = "DIR",
      description = "The data directory of a running 'civictrust up' (default: civictrust-data).")
  Path data;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "The Kafka cluster, instead of --data.")
  String bootstrap;

  /** The data directory the options name: none when {@code --bootstrap} is given. */
  static Optional<Path> dataDir(ClusterOptions options) {
    if (options != null && options.bootstrap != null) {
      return Optional.empty();
    }
    return Optional.of(options == null || options.data == null ? DEFAULT_DATA : options.data);
  }

  /** The bootstrap address: {@code --bootstrap}, or what {@code up} wrote to {@code DATA/bootstrap}. */
  static String bootstrap(ClusterOptions options) throws InputException, IOException {
    if (options != null && options.bootstrap != null) {
      return checkAddress(options.bootstrap, "--bootstrap");
    }
    Path file = dataDir(options).orElseThrow().resolve(BOOTSTRAP_FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException("no " + file + ": is 'civictrust up --data " + file.getParent()
          + "' running? (or give --bootstrap HOST:PORT)", e);
    }
    return checkAddress(text.strip(), file.toString());
  }

  /**
   * Checks a bootstrap address: one or more {@code HOST:PORT} (a bracketed IPv6 literal for HOST
   * allowed), comma-separated, each port in [1, 65535].
   *
   * @throws InputException otherwise, naming {@code where} the address came from
   */
  static String checkAddress(String address, String where) throws InputException {
    for (String part : address.split(",", -1)) {
      var match = ADDRESS.matcher(part);
      int port = match.matches() ? Integer.parseInt(match.group(1)) : 0;
      if (port < 1 || port > 65_535) {
        throw new InputException(where + ": not a Kafka bootstrap address HOST:PORT[,HOST:PORT…]: " + part);
      }
    }
    return address;
  }

  /** Writes {@code address} to {@code DATA/bootstrap}, atomically and durably. */
  static void writeBootstrap(Path data, String address) throws IOException {
    AtomicFiles.write(data.resolve(BOOTSTRAP_FILE), (address + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
