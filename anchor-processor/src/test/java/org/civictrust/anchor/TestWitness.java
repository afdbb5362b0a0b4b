package org.civictrust.anchor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.witness.Witness;
import org.civictrust.witness.WitnessServer;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;

/**
 * A real C2SP witness ({@link Witness} served by {@link WitnessServer}) on a loopback port that stays
 * its own across {@link #stop} and {@link #start}, with its state in a directory of its own.
 */
final class TestWitness implements AutoCloseable {
  final CosignerKey key;
  final Witness witness;
  private final int port;
  private WitnessServer server;

  private TestWitness(CosignerKey key, Witness witness, WitnessServer server) {
    this.key = key;
    this.witness = witness;
    this.server = server;
    this.port = server.port();
  }

  /** A witness named {@code name} that cosigns for the log of {@code logKey}, already serving. */
  static TestWitness start(String name, SignerKey logKey, Path stateDir) throws IOException {
    CosignerKey key = CosignerKey.generate(name, new SecureRandom());
    Witness witness = Witness.open(key, List.of(new MonitoredLog(logKey.name(), logKey.verifierKey())), stateDir,
        () -> System.currentTimeMillis() / 1000);
    WitnessServer server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "");
    return new TestWitness(key, witness, server);
  }

  VerifierKey vkey() {
    return key.verifierKey();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  WitnessPolicy.Witness policyEntry() {
    return new WitnessPolicy.Witness(url(), vkey());
  }

  /** Stops serving: connections to the port are refused. The witness keeps its state. */
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Serves again on the same port. */
  void start() throws IOException {
    if (server == null) {
      server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "");
    }
  }

  @Override
  public void close() {
    stop();
  }
}
