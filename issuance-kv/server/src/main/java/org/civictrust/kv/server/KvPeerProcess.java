package org.civictrust.kv.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;

/**
 * One peer running as a child process ({@link KvPeerMain}) of this JVM, on this JVM's class path:
 * what tests and benchmarks use to kill a peer for real ({@link #kill()} is SIGKILL). Its stderr (the
 * Ratis log) is appended to a file.
 */
public final class KvPeerProcess implements AutoCloseable {
  private final KvPeerConfig config;
  private final Process process;

  private KvPeerProcess(KvPeerConfig config, Process process) {
    this.config = config;
    this.process = process;
  }

  /**
   * Starts the peer and waits until it listens.
   *
   * @param log the file its stderr is appended to
   * @param heap the child's maximum heap, e.g. "256m"
   * @param timeout how long to wait for it to listen
   * @throws IOException if it cannot be started or does not report ready in time
   */
  public static KvPeerProcess start(KvPeerConfig config, Path log, String heap, Duration timeout) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap,
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4", "-cp", System.getProperty("java.class.path"),
        KvPeerMain.class.getName()));
    command.addAll(KvPeerMain.arguments(config));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("READY ")) {
            ready.complete(line);
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IOException("peer " + config.peerId() + " exited before it was ready"));
    }, "kv-peer-" + config.peerId() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting peer " + config.peerId(), e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("peer " + config.peerId() + " did not start (see " + log + ")", e);
    }
    return new KvPeerProcess(config, process);
  }

  /** The peer. */
  public KvPeer peer() {
    return config.self();
  }

  /** Its configuration. */
  public KvPeerConfig config() {
    return config;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process with SIGKILL (no shutdown hook, no flush) and waits for it to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Stops the peer gracefully (closes its stdin), killing it if it has not exited after 10 s. An
   * interrupt kills it at once and stays set.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroyForcibly();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
