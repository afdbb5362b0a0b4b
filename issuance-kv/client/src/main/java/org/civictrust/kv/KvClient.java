package org.civictrust.kv;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.impl.RaftClientImpl;
import org.apache.ratis.client.impl.UnorderedAsync;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.ExponentialBackoffRetry;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.civictrust.kv.protocol.Codec;
import org.civictrust.kv.protocol.CommandRejectedException;
import org.civictrust.kv.protocol.Queries;
import org.civictrust.kv.protocol.RaftSettings;
import org.civictrust.kv.protocol.Wire;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.tlog.Hash;

/**
 * A client of the store. Thread-safe; one per process is enough.
 *
 * <p><b>Writes</b> ({@link #submit}, {@link #submitAsync}) go to the leader, which the client finds
 * and follows (a peer that is not the leader says who is). An attempt that fails (not leader, leader
 * unknown during an election, timeout after {@value #ATTEMPT_TIMEOUT_SECONDS} s, connection refused)
 * is repeated with the <em>same bytes</em>, hence the same request id, after a backoff that doubles
 * from {@link Options#initialBackoff()} to {@link Options#maxBackoff()} (with jitter), until {@link
 * Options#deadline()}. The store applies a request id at most once, so repeating is safe even when
 * an attempt did apply and only its reply was lost: the retry returns the original {@link KvResult}.
 *
 * <p><b>Reads</b> are linearizable (ReadIndex at the leader): a read reflects every command
 * acknowledged before the read started. They are retried the same way.
 *
 * <p><b>Change stream</b>: {@link #changesSince} returns the changes applied after a log index, waiting
 * up to a second for one if there is none yet (a long poll). {@link IssuanceCache} builds a bounded,
 * fresh local cache on it.
 */
public final class KvClient implements AutoCloseable {
  /** How long one attempt may take before it counts as timed out, in seconds. */
  public static final long ATTEMPT_TIMEOUT_SECONDS = 10;

  private final List<KvPeer> peers;
  private final Options options;
  private final RaftGroup group;
  private final RaftClient raft;
  private final ScheduledExecutorService executor;

  /**
   * How long the client keeps trying and how it backs off.
   *
   * @param deadline how long a call keeps retrying before {@link KvUnavailableException}
   * @param initialBackoff the first wait between attempts
   * @param maxBackoff the longest wait between attempts
   * @param groupName the store's group name ({@link KvPeerConfig#groupName()})
   */
  public record Options(Duration deadline, Duration initialBackoff, Duration maxBackoff, String groupName) {
    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a duration is not positive or the backoffs are out of order
     */
    public Options {
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(groupName, "groupName");
      if (deadline.isNegative() || deadline.isZero() || initialBackoff.isNegative() || initialBackoff.isZero()
          || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("positive durations, maxBackoff at least initialBackoff");
      }
    }

    /**
     * A 30 s deadline, backoff from 10 ms to 100 ms (a new leader is found within about one backoff
     * of being ready), the default group.
     */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(100),
          KvPeerConfig.DEFAULT_GROUP);
    }

    /** These options with another deadline. */
    public Options withDeadline(Duration newDeadline) {
      return new Options(newDeadline, initialBackoff, maxBackoff, groupName);
    }

    /** These options with another group name. */
    public Options withGroupName(String name) {
      return new Options(deadline, initialBackoff, maxBackoff, name);
    }
  }

  private KvClient(List<KvPeer> peers, Options options) {
    this.peers = List.copyOf(peers);
    this.options = options;
    this.group = RaftSettings.group(options.groupName(), peers);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, "issuance-kv-client-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.raft = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(group)
        .setProperties(RaftSettings.client())
        // Inside one attempt Ratis follows "not leader" redirects and reconnects a few times quickly;
        // the attempts after it are this client's, with the same bytes (the same request id).
        .setRetryPolicy(ExponentialBackoffRetry.newBuilder()
            .setBaseSleepTime(TimeDuration.valueOf(5, TimeUnit.MILLISECONDS))
            .setMaxSleepTime(TimeDuration.valueOf(50, TimeUnit.MILLISECONDS))
            .setMaxAttempts(5)
            .build())
        .build();

  }

  /** A client of the store made of {@code peers}, with {@link Options#defaults()}. */
  public static KvClient connect(List<KvPeer> peers) {
    return connect(peers, Options.defaults());
  }

  /**
   * A client of the store made of {@code peers}. Connects lazily: this does not wait for the store.
   *
   * @throws IllegalArgumentException if {@code peers} is empty or ids repeat
   */
  public static KvClient connect(List<KvPeer> peers, Options options) {
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("at least one peer");
    }
    KvPeer.parseList(KvPeer.formatList(peers));
    return new KvClient(peers, Objects.requireNonNull(options, "options"));
  }

  /** The peers this client knows. */
  public List<KvPeer> peers() {
    return peers;
  }

  // ---- writes

  /**
   * Applies {@code command} and returns its result, retrying as the class comment says.
   *
   * @throws KvUnavailableException if no attempt succeeded before the deadline (outcome unknown)
   */
  public KvResult submit(KvCommand command) throws KvUnavailableException {
    return await(submitAsync(command));
  }

  /**
   * Applies {@code command}; the future completes with its result, or exceptionally with a {@link
   * KvUnavailableException} after the deadline.
   */
  public CompletableFuture<KvResult> submitAsync(KvCommand command) {
    return submitBytesAsync(Codec.encode(command));
  }

  /**
   * Sends encoded command bytes as they are: what any client on the network can send, so the peers
   * must refuse malformed ones (the store's tests send such bytes).
   */
  public CompletableFuture<KvResult> submitBytesAsync(byte[] command) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.clone()));
    // Unordered: commands are independent (each carries its own request id), and an ordered Ratis
    // client stays failed once one request exhausts its retries.
    return withRetries("command " + Codec.peekRequestId(command),
        () -> UnorderedAsync.send(RaftClientRequest.writeRequestType(), message, null, (RaftClientImpl) raft),
        reply -> {
          try {
            return Codec.decodeResult(reply.getMessage().getContent().toByteArray());
          } catch (MalformedException e) {
            throw new IllegalStateException("the store answered a command with a malformed result: " + e.getMessage());
          }
        }, (reason, detail) -> new KvResult(reason, 0, 0, detail));
  }

  // ---- linearizable reads

  /**
   * The issuer with its keys, if it exists.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public Optional<IssuerView> issuer(String issuerId) throws KvUnavailableException {
    return issuerAt(issuerId).value();
  }

  /**
   * The issuer with its keys, with the index the answer reflects.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public AtIndex<Optional<IssuerView>> issuerAt(String issuerId) throws KvUnavailableException {
    return await(readAsync(Queries.getIssuer(issuerId), Queries::readOptionalIssuer));
  }

  /**
   * Every issuer with its keys, in issuer-id order.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public AtIndex<List<IssuerView>> issuers() throws KvUnavailableException {
    return await(readAsync(Queries.listIssuers(), Queries::readIssuers));
  }

  /**
   * The document's record with its effective state (see {@link DocumentRecord}), if the store has one.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public Optional<DocumentRecord> document(Hash documentHash) throws KvUnavailableException {
    return await(readAsync(Queries.getDocument(documentHash), Queries::readOptionalDocument)).value();
  }

  /**
   * The log's anchored watermark, if one was recorded.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public Optional<WatermarkRecord> watermark(String origin) throws KvUnavailableException {
    return await(readAsync(Queries.getWatermark(origin), Queries::readOptionalWatermark)).value();
  }

  /**
   * Every revocation (keys first, then documents), with the index the list reflects.
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public AtIndex<List<RevocationRecord>> revocations() throws KvUnavailableException {
    return await(readAsync(Queries.revocations(), Queries::readRevocations));
  }

  /**
   * The change stream: the changes applied after log index {@code since}, at most about {@code max}
   * of them (the changes of one command are never split). If there is none yet, the leader waits up to
   * {@code wait} (at most 1 s) for one. A batch with {@link ChangeBatch#reset()} means the leader does
   * not hold all changes after {@code since}: reload (e.g. {@link #issuers()}) and continue from the
   * reload's applied index. The read is linearizable: a batch reflects every change committed before
   * the call.
   *
   * @param since a log index; 0 for "from the beginning" (usually a reset)
   * @param max 1 to 10,000
   * @param wait 0 to 1 s
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public ChangeBatch changesSince(long since, int max, Duration wait) throws KvUnavailableException {
    return await(changesSinceAsync(since, max, wait));
  }

  /** {@link #changesSince} without blocking. */
  public CompletableFuture<ChangeBatch> changesSinceAsync(long since, int max, Duration wait) {
    if (since < 0 || max < 1 || max > Queries.MAX_CHANGES || wait.isNegative()
        || wait.toMillis() > Queries.MAX_WAIT_MILLIS) {
      throw new IllegalArgumentException("since >= 0, 1 <= max <= 10000, 0 <= wait <= 1 s");
    }
    return readAsync(Queries.changes(since, max, wait.toMillis()), in -> in).thenApply(read -> {
      try {
        ChangeBatch batch = Queries.readChanges(read.value(), read.appliedIndex());
        read.value().end();
        return batch;
      } catch (MalformedException e) {
        throw new CompletionException(new KvUnavailableException("malformed change batch: " + e.getMessage(), e));
      }
    });
  }

  /**
   * The state digest of the whole store as the leader holds it (a linearizable read).
   *
   * @throws KvUnavailableException if the store did not answer before the deadline
   */
  public StateDigest digest() throws KvUnavailableException {
    AtIndex<Hash> read = await(readAsync(Queries.digest(), in -> Hash.of(in.raw("digest", Hash.SIZE))));
    return new StateDigest("leader", read.appliedIndex(), read.value());
  }

  /**
   * The state digest of one peer's own state machine, whatever it has applied (not linearizable):
   * how tests and operators compare replicas.
   *
   * @throws KvUnavailableException if the peer did not answer before the deadline
   */
  public StateDigest digest(String peerId) throws KvUnavailableException {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(Queries.digest()));
    RaftPeerId target = RaftPeerId.valueOf(peerId);
    AtIndex<Hash> read = await(withRetries("digest of " + peerId,
        () -> raft.async().sendStaleRead(message, 0, target),
        reply -> decodeAnswer(reply, in -> Hash.of(in.raw("digest", Hash.SIZE)))));
    return new StateDigest(peerId, read.appliedIndex(), read.value());
  }

  /**
   * The peer that says it is the leader, asking each peer once (for tests, benchmarks and operators;
   * commands find the leader by themselves). Empty during an election or if no peer answers.
   */
  public Optional<String> leaderId() {
    for (KvPeer peer : peers) {
      try {
        GroupInfoReply info = raft.getGroupManagementApi(RaftPeerId.valueOf(peer.id())).info(group.getGroupId());
        if (info.getRoleInfoProto().getRole() == RaftPeerRole.LEADER) {
          return Optional.of(peer.id());
        }
      } catch (IOException | RuntimeException e) {
        // This peer is down or unreachable; ask the next.
      }
    }
    return Optional.empty();
  }

  // ---- plumbing

  private interface Body<T> {
    T read(Wire.Reader in) throws MalformedException;
  }

  private <T> CompletableFuture<AtIndex<T>> readAsync(byte[] query, Body<T> body) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(query));
    return withRetries("read", () -> raft.async().sendReadOnlyUnordered(message), reply -> decodeAnswer(reply, body));
  }

  private static <T> AtIndex<T> decodeAnswer(RaftClientReply reply, Body<T> body) {
    try {
      Queries.Answer answer = Queries.open(reply.getMessage().getContent().toByteArray());
      T value = body.read(answer.body());
      if (!(value instanceof Wire.Reader)) {
        answer.body().end();
      }
      return new AtIndex<>(answer.appliedIndex(), value);
    } catch (MalformedException e) {
      throw new IllegalStateException("the store's answer is malformed: " + e.getMessage());
    }
  }

  private interface Decoder<T> {
    T decode(RaftClientReply reply);
  }

  private <T> CompletableFuture<T> withRetries(String what, Supplier<CompletableFuture<RaftClientReply>> send,
      Decoder<T> decoder) {
    return withRetries(what, send, decoder, null);
  }

  /**
   * Sends until an attempt succeeds or the deadline passes. {@code rejected} turns a refusal by the
   * state machine's {@code startTransaction} into the call's result (commands only; null for reads).
   */
  private <T> CompletableFuture<T> withRetries(String what, Supplier<CompletableFuture<RaftClientReply>> send,
      Decoder<T> decoder, BiFunction<ReasonCode, String, T> rejected) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + options.deadline().toNanos();
    attempt(new Call<>(what, send, decoder, rejected, result, deadline), options.initialBackoff().toNanos(), 1);
    return result;
  }

  private record Call<T>(String what, Supplier<CompletableFuture<RaftClientReply>> send, Decoder<T> decoder,
      BiFunction<ReasonCode, String, T> rejected, CompletableFuture<T> result, long deadline) {}

  private <T> void attempt(Call<T> call, long backoffNanos, int attempt) {
    CompletableFuture<RaftClientReply> sent;
    try {
      sent = call.send().get();
    } catch (RuntimeException e) {
      call.result().completeExceptionally(new KvUnavailableException(call.what() + ": cannot send: " + e, e));
      return;
    }
    sent.whenComplete((reply, error) -> {
      try {
        executor.execute(() -> handle(call, reply, error, backoffNanos, attempt));
      } catch (RejectedExecutionException e) {
        call.result().completeExceptionally(new KvUnavailableException(call.what() + ": the client is closed", e));
      }
    });
  }

  private <T> void handle(Call<T> call, RaftClientReply reply, Throwable error, long backoffNanos, int attempt) {
    if (error == null) {
      try {
        call.result().complete(call.decoder().decode(reply));
      } catch (RuntimeException e) {
        call.result().completeExceptionally(new KvUnavailableException(call.what() + ": " + e.getMessage(), e));
      }
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof StateMachineException && call.rejected() != null) {
      Optional<ReasonCode> reason = CommandRejectedException.reasonIn(cause.getMessage());
      if (reason.isPresent()) {
        // Refused by startTransaction: nothing reached the log; this is the command's outcome.
        call.result().complete(call.rejected().apply(reason.get(), detail(cause.getMessage())));
        return;
      }
    }
    long jittered = backoffNanos / 2 + ThreadLocalRandom.current().nextLong(backoffNanos / 2 + 1);
    if (isClosed() || System.nanoTime() + jittered >= call.deadline()) {
      call.result().completeExceptionally(new KvUnavailableException(call.what() + ": no success in " + attempt
          + " attempts within " + options.deadline() + "; last: " + cause, cause));
      return;
    }
    long next = Math.min(backoffNanos * 2, options.maxBackoff().toNanos());
    try {
      executor.schedule(() -> attempt(call, next, attempt + 1), jittered, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      call.result().completeExceptionally(new KvUnavailableException(call.what() + ": the client is closed", e));
    }
  }

  private boolean isClosed() {
    return executor.isShutdown();
  }

  private static String detail(String message) {
    int at = message.indexOf(CommandRejectedException.MARKER);
    return at < 0 ? message : message.substring(at + CommandRejectedException.MARKER.length());
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static <T> T await(CompletableFuture<T> future) throws KvUnavailableException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new KvUnavailableException("interrupted while waiting for the store", e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof KvUnavailableException) {
        throw (KvUnavailableException) cause;
      }
      throw new KvUnavailableException("the store call failed: " + cause, cause);
    }
  }

  /** Closes the connections; calls in flight fail with {@link KvUnavailableException}. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      raft.close();
    } catch (IOException e) {
      // Closing connections that fail to close leaves nothing to clean up.
    }
    executor.shutdownNow();
  }
}
