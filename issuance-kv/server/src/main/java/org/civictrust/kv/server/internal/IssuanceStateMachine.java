package org.civictrust.kv.server.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.civictrust.kv.ChangeBatch;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.StateDigest;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.kv.protocol.Codec;
import org.civictrust.kv.protocol.CommandRejectedException;
import org.civictrust.kv.protocol.Queries;
import org.civictrust.kv.protocol.Wire;

/**
 * The Ratis state machine of the issuance store. {@link #startTransaction} validates a command's
 * encoding (a malformed command never reaches the log: the client gets {@link ReasonCode#MALFORMED});
 * {@link #applyTransaction} hands the command to {@link IssuanceState#apply}, which is deterministic
 * and answers business errors with a reason code, never an exception. Reads ({@link #query}) are
 * served under the same lock as applies; the server is configured for linearizable (ReadIndex) reads.
 * Snapshots are {@link SnapshotFile}s.
 */
public final class IssuanceStateMachine extends BaseStateMachine {
  /** How many changes the change stream keeps in memory. */
  static final int CHANGE_LOG_CAPACITY = 100_000;

  private final SnapshotStorage storage;
  private final Object lock = new Object();
  private final ChangeLog changeLog = new ChangeLog(CHANGE_LOG_CAPACITY);
  private final List<Waiter> waiters = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "issuance-kv-change-waits");
    thread.setDaemon(true);
    return thread;
  });
  private IssuanceState state = new IssuanceState();

  /** A change-stream query waiting for a change. */
  private record Waiter(Queries.Query query, CompletableFuture<Message> answer) {}

  public IssuanceStateMachine(int snapshotsRetained) {
    this.storage = new SnapshotStorage(snapshotsRetained);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().transition(LifeCycle.State.STARTING);
    load();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  /** Before a snapshot from the leader is installed: Ratis requires the PAUSED state for the reload. */
  @Override
  public void pause() {
    if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After a snapshot from the leader was installed: loads it (or the latest valid one). */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().transition(LifeCycle.State.STARTING);
    load();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  /** Loads the latest valid snapshot (or the empty state); Ratis then replays the log after it. */
  private void load() throws IOException {
    Optional<SnapshotFile.Loaded> loaded = storage.loadLatestValid();
    List<Waiter> woken;
    synchronized (lock) {
      state = loaded.map(SnapshotFile.Loaded::state).orElseGet(IssuanceState::new);
      TermIndex applied = loaded.map(l -> TermIndex.valueOf(l.term(), l.index())).orElse(TermIndex.INITIAL_VALUE);
      setLastAppliedTermIndex(applied);
      changeLog.reset(Math.max(0, applied.getIndex()));
      woken = new ArrayList<>(waiters);
      waiters.clear();
    }
    answerAll(woken);
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    ByteString content = request.getMessage().getContent();
    TransactionContext.Builder builder = TransactionContext.newBuilder().setStateMachine(this)
        .setClientRequest(request);
    try {
      Codec.decodeCommand(content.toByteArray());
    } catch (MalformedException e) {
      TransactionContext refused = builder.build();
      refused.setException(new CommandRejectedException(ReasonCode.MALFORMED, e.getMessage()));
      return refused;
    }
    return builder.setLogData(content).build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    byte[] command = entry.getStateMachineLogEntry().getLogData().toByteArray();
    IssuanceState.Applied applied;
    List<Waiter> woken = List.of();
    synchronized (lock) {
      applied = state.apply(entry.getIndex(), command);
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      if (!applied.changes().isEmpty()) {
        changeLog.append(applied.changes());
        woken = new ArrayList<>(waiters);
        waiters.clear();
      }
    }
    answerAll(woken);
    return CompletableFuture.completedFuture(message(Codec.encode(applied.result())));
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last;
    byte[] body;
    synchronized (lock) {
      last = getLastAppliedTermIndex();
      if (last == null || last.getIndex() < 0) {
        return RaftLog.INVALID_LOG_INDEX;
      }
      body = state.encode();
    }
    storage.write(last.getTerm(), last.getIndex(), body);
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    Queries.Query query;
    try {
      query = Queries.decode(request.getContent().toByteArray());
    } catch (MalformedException e) {
      synchronized (lock) {
        return CompletableFuture.completedFuture(message(Queries.malformed(appliedIndex())));
      }
    }
    synchronized (lock) {
      if (query.type() == Queries.Type.CHANGES && query.waitMillis() > 0 && query.since() >= changeLog.coveredAfter()
          && query.since() <= appliedIndex() && !changeLog.hasChangesAfter(query.since())) {
        Waiter waiter = new Waiter(query, new CompletableFuture<>());
        waiters.add(waiter);
        timer.schedule(() -> timeOut(waiter), query.waitMillis(), TimeUnit.MILLISECONDS);
        return waiter.answer();
      }
      return CompletableFuture.completedFuture(message(answer(query)));
    }
  }

  private void timeOut(Waiter waiter) {
    boolean waiting;
    synchronized (lock) {
      waiting = waiters.remove(waiter);
    }
    if (waiting) {
      answerAll(List.of(waiter));
    }
  }

  private void answerAll(List<Waiter> woken) {
    for (Waiter waiter : woken) {
      byte[] answer;
      synchronized (lock) {
        answer = answer(waiter.query());
      }
      waiter.answer().complete(message(answer));
    }
  }

  /** The answer to {@code query}; the caller holds the lock. */
  private byte[] answer(Queries.Query query) {
    Wire.Writer out = Queries.answer(appliedIndex());
    switch (query.type()) {
      case GET_ISSUER:
        Queries.writeOptionalIssuer(out, state.issuer(query.name()));
        break;
      case LIST_ISSUERS:
        Queries.writeIssuers(out, state.issuers());
        break;
      case GET_DOCUMENT:
        Queries.writeOptionalDocument(out, state.document(query.hash()));
        break;
      case GET_WATERMARK:
        Queries.writeOptionalWatermark(out, state.watermark(query.name()));
        break;
      case CHANGES: {
        ChangeBatch batch = changeLog.since(query.since(), query.max(), appliedIndex());
        Queries.writeChanges(out, batch);
        break;
      }
      case DIGEST:
        out.raw(state.digest().bytes());
        break;
      case REVOCATIONS:
        Queries.writeRevocations(out, state.revocations());
        break;
      default:
        throw new IllegalStateException("unhandled query " + query.type());
    }
    return out.toByteArray();
  }

  /** This peer's applied index and state digest, read together. */
  public StateDigest digest(String peerId) {
    synchronized (lock) {
      return new StateDigest(peerId, appliedIndex(), state.digest());
    }
  }

  private long appliedIndex() {
    TermIndex applied = getLastAppliedTermIndex();
    return applied == null ? 0 : Math.max(0, applied.getIndex());
  }

  private static Message message(byte[] bytes) {
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
  }

  @Override
  public void close() throws IOException {
    timer.shutdownNow();
    super.close();
  }
}
