package org.civictrust.anchor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.civictrust.witness.WitnessClient;
import org.civictrust.witness.WitnessException;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NoteSignature;

/**
 * Asks every witness of a {@link WitnessPolicy} at once to cosign a checkpoint (C2SP tlog-witness
 * {@code add-checkpoint}) and gathers the cosignatures. Each witness is first asked from the size the
 * caller believes it holds; a witness that answers 409 with another size is asked once more from that
 * size, as {@link WitnessClient#cosign} does, but the consistency proof is built on the caller's thread
 * (the tree lives in a state store that only the stream thread reads).
 *
 * <p>A round ends when every witness has answered; or, once the quorum is reached, when as much time
 * again has passed as reaching it took, and at least {@link #GRACE_AFTER_QUORUM} (a witness up to
 * twice as slow as the quorum still counts, a hung one delays the checkpoint by no more than that); or
 * at the policy's timeout. Requests still running then are cancelled. For {@code
 * org.civictrust.anchor} only.
 *
 * <p><b>Time.</b> A round runs on the stream thread, but it reads no clock of its own (CONVENTIONS.md
 * rule 12): the monotonic clock that times its waits is handed in ({@code
 * SequencerConfig.witnessClock}, {@code System::nanoTime} unless a test passes another). That clock
 * bounds a wait on I/O, the witnesses' HTTP answers; it decides nothing the log itself signs. Leaf
 * indexes, entries, when a checkpoint is due, and the log-signed note of every tree size follow record
 * order and record timestamps only, so invariant 3 (ARCHITECTURE.md) holds for all of them. What a
 * round's outcome does decide, which cosignatures a checkpoint carries and whether it counts now or
 * at the next trigger, already depends on the witnesses' answers: an input from outside the log that
 * a replay cannot reproduce whatever the clock (cosignatures carry the witness's own timestamp), as
 * {@code docs/design/sequencer.md} ("What a replay reproduces") states. Without a witness policy no
 * round runs and the clock is never read.
 */
public final class WitnessRound implements AutoCloseable {
  /** How long, at least, a round waits for the other witnesses once it has its quorum. */
  public static final Duration GRACE_AFTER_QUORUM = Duration.ofMillis(50);

  /**
   * The outcome of one round.
   *
   * @param cosignatures one verified cosignature per witness that cosigned, in policy order
   * @param cosigners the names of those witnesses, in the same order
   * @param failures for every other witness, its name and why it did not cosign
   * @param quorum whether at least the policy's quorum of witnesses cosigned
   */
  public record Outcome(List<NoteSignature> cosignatures, List<String> cosigners, List<String> failures,
      boolean quorum) {
    public Outcome {
      cosignatures = List.copyOf(cosignatures);
      cosigners = List.copyOf(cosigners);
      failures = List.copyOf(failures);
    }
  }

  /** One witness's answer to one request. */
  private record Answer(int witness, boolean retry, List<NoteSignature> cosignatures, WitnessException refusal,
      Exception failure) {}

  private final WitnessPolicy policy;
  private final List<WitnessClient> clients;
  private final ExecutorService executor;
  private final LongSupplier nanoClock;

  private WitnessRound(WitnessPolicy policy, List<WitnessClient> clients, ExecutorService executor,
      LongSupplier nanoClock) {
    this.policy = policy;
    this.clients = clients;
    this.executor = executor;
    this.nanoClock = nanoClock;
  }

  /**
   * Clients of the policy's witnesses and the threads that wait for their answers; {@code nanoClock}
   * (monotonic, in nanoseconds) times each round's waits.
   */
  public static WitnessRound open(WitnessPolicy policy, LongSupplier nanoClock) {
    Objects.requireNonNull(nanoClock, "nanoClock");
    List<WitnessClient> clients = new ArrayList<>();
    for (WitnessPolicy.Witness witness : policy.witnesses()) {
      clients.add(WitnessClient.create(witness.url(), witness.key(), policy.timeout()));
    }
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "civictrust-sequencer-witness");
      thread.setDaemon(true);
      return thread;
    });
    return new WitnessRound(policy, List.copyOf(clients), executor, nanoClock);
  }

  /**
   * Asks every witness to cosign {@code signedCheckpoint}, the log-signed checkpoint of {@code size}.
   *
   * @param knownSize the size the witnesses are believed to hold (the last checkpoint that reached its
   *     quorum; 0 for none); requires {@code 0 <= knownSize <= size}
   * @param prover the consistency proof from an old size to {@code size}; called on this thread only
   * @throws InterruptedException if this thread is interrupted while it waits
   */
  public Outcome cosign(byte[] signedCheckpoint, long size, long knownSize, WitnessClient.Prover prover)
      throws InterruptedException {
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    if (knownSize < 0 || knownSize > size) {
      throw new IllegalArgumentException("known size " + knownSize + " is not in [0, " + size + "]");
    }
    int n = clients.size();
    NoteSignature[] cosigned = new NoteSignature[n];
    String[] failures = new String[n];
    CompletionService<Answer> answers = new ExecutorCompletionService<>(executor);
    List<Future<Answer>> requests = new ArrayList<>();
    long start = nanoClock.getAsLong();
    long deadline = start + policy.timeout().toNanos();
    try {
      List<Hash> proof = proof(prover, knownSize);
      for (int w = 0; w < n; w++) {
        requests.add(ask(answers, w, false, knownSize, proof, signedCheckpoint));
      }
      int outstanding = n;
      int count = 0;
      long quorumAt = -1;
      while (outstanding > 0) {
        long until = quorumAt < 0 ? deadline
            : Math.min(deadline, quorumAt + Math.max(quorumAt - start, GRACE_AFTER_QUORUM.toNanos()));
        long now = nanoClock.getAsLong();
        Future<Answer> done = now < until ? answers.poll(until - now, TimeUnit.NANOSECONDS) : null;
        if (done == null) {
          break;
        }
        outstanding--;
        Answer answer = get(done);
        int w = answer.witness();
        if (answer.cosignatures() != null) {
          cosigned[w] = answer.cosignatures().get(0);
          if (++count == policy.quorum()) {
            quorumAt = nanoClock.getAsLong();
          }
        } else if (answer.refusal() != null && answer.refusal().kind() == WitnessException.Kind.CONFLICT
            && !answer.retry()) {
          long witnessSize = answer.refusal().witnessSize().orElseThrow();
          List<Hash> retryProof = witnessSize > size ? null : provable(prover, witnessSize);
          if (witnessSize > size) {
            failures[w] = "holds a larger tree (" + witnessSize + ") than this checkpoint's " + size;
          } else if (retryProof == null) {
            // A log continued from a seed of size N holds no full tiles below N's: no proof from a smaller size.
            failures[w] = "holds the tree of size " + witnessSize + ", from which this sequencer's tiles cannot prove"
                + " consistency";
          } else {
            requests.add(ask(answers, w, true, witnessSize, retryProof, signedCheckpoint));
            outstanding++;
          }
        } else {
          failures[w] = answer.refusal() != null ? answer.refusal().getMessage() : unreachable(answer.failure());
        }
      }
    } finally {
      requests.forEach(request -> request.cancel(true));
    }
    List<NoteSignature> cosignatures = new ArrayList<>();
    List<String> cosigners = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      String name = policy.witnesses().get(w).name();
      if (cosigned[w] != null) {
        cosignatures.add(cosigned[w]);
        cosigners.add(name);
      } else {
        refused.add(name + ": " + (failures[w] != null ? failures[w] : "no answer in time"));
      }
    }
    return new Outcome(cosignatures, cosigners, refused, cosignatures.size() >= policy.quorum());
  }

  private Future<Answer> ask(CompletionService<Answer> answers, int witness, boolean retry, long oldSize,
      List<Hash> proof, byte[] signedCheckpoint) {
    WitnessClient client = clients.get(witness);
    return answers.submit(() -> {
      try {
        return new Answer(witness, retry, client.addCheckpoint(oldSize, proof, signedCheckpoint), null, null);
      } catch (WitnessException e) {
        return new Answer(witness, retry, null, e, null);
      } catch (IOException | RuntimeException e) {
        return new Answer(witness, retry, null, null, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(witness, retry, null, null, e);
      }
    });
  }

  private static String unreachable(Exception failure) {
    return "unreachable (" + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")";
  }

  private static List<Hash> proof(WitnessClient.Prover prover, long oldSize) {
    try {
      return oldSize == 0 ? List.of() : prover.consistencyProof(oldSize);
    } catch (IOException e) {
      throw new UncheckedIOException("the tree lost a node of a consistency proof from size " + oldSize, e);
    }
  }

  /** The proof from {@code oldSize}, or null if the tree lacks a tile it needs. */
  private static List<Hash> provable(WitnessClient.Prover prover, long oldSize) {
    try {
      return proof(prover, oldSize);
    } catch (UncheckedIOException e) {
      return null;
    }
  }

  private static Answer get(Future<Answer> done) {
    try {
      return done.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("a completed witness request has no answer", e);
    }
  }

  /** Stops the threads; requests still running are interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
