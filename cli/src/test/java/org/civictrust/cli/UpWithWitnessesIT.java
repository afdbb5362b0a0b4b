package org.civictrust.cli;

import static org.civictrust.cli.PipelineCommandsIT.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.witness.Witness;
import org.civictrust.witness.WitnessServer;
import org.civictrust.platform.DemoRequests;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TlogProof;
import org.civictrust.verifier.Receipt;
import org.civictrust.verifier.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --witness URL=VKEY --witness URL=VKEY --witness-quorum 2} against two real witnesses: the
 * trust store {@code up} writes requires them, every exported receipt carries both cosignatures, and
 * {@code verify} finds each VERIFIED against that trust store.
 */
class UpWithWitnessesIT {
  static final String ORIGIN = "civictrust.local/log/0";
  static final int REQUESTS = 100;

  @TempDir
  Path dir;

  @Test
  void upWithTwoWitnessesWritesATrustStoreThatRequiresThemAndEveryReceiptVerifiesWithIt() throws Exception {
    Path data = dir.resolve("data");
    SignerKey logKey = SignerKey.generate(ORIGIN, new SecureRandom());
    Files.createDirectories(data.resolve("keys"));
    Files.writeString(data.resolve("keys/log-0.key"), logKey.format() + "\n");
    List<WitnessServer> servers = new ArrayList<>();
    List<String> witnessOptions = new ArrayList<>();
    try {
      for (String name : List.of("witness.example/w1", "witness.example/w2")) {
        CosignerKey key = CosignerKey.generate(name, new SecureRandom());
        Witness witness = Witness.open(key, List.of(new MonitoredLog(ORIGIN, logKey.verifierKey())),
            dir.resolve(name.replace('/', '_')), () -> System.currentTimeMillis() / 1000);
        WitnessServer server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "");
        servers.add(server);
        witnessOptions.addAll(List.of("--witness", server.url() + "=" + key.verifierKey().format()));
      }
      List<String> up = new ArrayList<>(List.of("up", "--data", data.toString(), "--checkpoint-entries", "50",
          "--tiles-port", "-1", "--witness-quorum", "2"));
      up.addAll(witnessOptions);
      AtomicReference<CliRunner.Result> upResult = new AtomicReference<>();
      Thread running = new Thread(() -> upResult.set(CliRunner.run(up.toArray(String[]::new))), "civictrust-up-witnessed");
      running.start();
      try {
        Path bootstrapFile = data.resolve(ClusterOptions.BOOTSTRAP_FILE);
        long deadline = System.nanoTime() + PipelineCommandsIT.START_TIMEOUT.toNanos();
        while (!Files.exists(bootstrapFile)) {
          assertTrue(running.isAlive(), () -> "up ended early: " + upResult.get());
          assertTrue(System.nanoTime() < deadline, "up did not start in time");
          Thread.sleep(100);
        }
        String bootstrap = Files.readString(bootstrapFile, StandardCharsets.UTF_8).strip();
        long issued = DemoRequests.mix(REQUESTS, DemoMix.BAD_EVERY, 0, 0).stream()
            .filter(r -> r.expected().equals("ISSUED")).count();
        assertExit(0, CliRunner.run("issue", "--demo", Integer.toString(REQUESTS), "--bootstrap", bootstrap));
        Path receipts = dir.resolve("receipts");
        assertExit(0, CliRunner.run("receipts", "--bootstrap", bootstrap, "--out", receipts.toString(),
            "--wait", Long.toString(issued), "--timeout", "PT90S"));
        List<String> files = PipelineCommandsIT.list(receipts);
        assertEquals(issued, files.size());

        TrustStore trust = TrustStore.parse(Files.readAllBytes(data.resolve("trust.json")));
        assertEquals(2, trust.log(ORIGIN).orElseThrow().quorum());
        assertEquals(List.of("witness.example/w1", "witness.example/w2"),
            trust.log(ORIGIN).orElseThrow().witnesses().stream().map(TrustStore.Witness::name).toList());
        for (String file : files) {
          Receipt receipt = Receipt.parse(Files.readAllBytes(Path.of(file)));
          String checkpoint = new String(TlogProof.parse(receipt.tlogProof()).signedCheckpoint(), StandardCharsets.UTF_8);
          assertTrue(checkpoint.contains("\u2014 witness.example/w1 ") && checkpoint.contains("\u2014 witness.example/w2 "),
              checkpoint);
        }
        List<String> verify = new ArrayList<>(List.of("verify", "--json", "--trust", data.resolve("trust.json").toString()));
        verify.addAll(files);
        CliRunner.Result verdicts = CliRunner.run(verify.toArray(String[]::new));
        assertExit(0, verdicts);
        assertEquals(issued, verdicts.out().lines().filter(l -> l.contains("\"status\":\"VERIFIED\"")).count());
      } finally {
        running.interrupt();
        running.join(Duration.ofSeconds(90).toMillis());
      }
      assertFalse(running.isAlive(), "up stopped");
      CliRunner.Result result = upResult.get();
      assertExit(0, result);
      assertTrue(result.out().contains("witnesses    2 of witness.example/w1 (" + servers.get(0).url() + "), "
          + "witness.example/w2 (" + servers.get(1).url() + ") cosign each checkpoint"), result.out());
    } finally {
      servers.forEach(WitnessServer::close);
    }
  }
}
