package org.civictrust.kv.server;

import java.util.EnumSet;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.ForwardingServerCallListener;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;

/**
 * A network partition made in the transport: while a peer is isolated, every peer drops, on receipt,
 * each peer-to-peer gRPC message (Raft's server protocol: append entries and heartbeats, votes,
 * pre-votes, snapshots, leader elections, read indexes) that the isolated peer sent, and the isolated
 * peer drops every one it receives. Messages are lost, not refused, as in a real partition. Client
 * traffic is not blocked: a client can still reach the isolated peer, which cannot commit anything.
 * (There are no network namespaces on this machine, so this stands in for one.)
 */
final class PeerIsolation {
  private volatile String isolated;

  void isolate(String peerId) {
    isolated = peerId;
  }

  void heal() {
    isolated = null;
  }

  /** The gRPC customizer for the server of peer {@code self}. */
  GrpcServices.Customizer customizer(String self) {
    ServerInterceptor interceptor = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        if (!RaftServerProtocolServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
          return delegate;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(delegate) {
          @Override
          public void onMessage(Q message) {
            String cut = isolated;
            if (cut != null && (cut.equals(self) || cut.equals(sender(message)))) {
              // Lost: the handler never sees it. Ask gRPC for the next message in its place, or flow
              // control would stall the stream for good once the partition heals.
              call.request(1);
              return;
            }
            super.onMessage(message);
          }
        };
      }
    };
    return new GrpcServices.Customizer() {
      @Override
      public NettyServerBuilder customize(NettyServerBuilder builder, EnumSet<GrpcServices.Type> types) {
        return builder.intercept(interceptor);
      }
    };
  }

  private static String sender(Object message) {
    RaftRpcRequestProto request;
    if (message instanceof AppendEntriesRequestProto) {
      request = ((AppendEntriesRequestProto) message).getServerRequest();
    } else if (message instanceof RequestVoteRequestProto) {
      request = ((RequestVoteRequestProto) message).getServerRequest();
    } else if (message instanceof InstallSnapshotRequestProto) {
      request = ((InstallSnapshotRequestProto) message).getServerRequest();
    } else if (message instanceof StartLeaderElectionRequestProto) {
      request = ((StartLeaderElectionRequestProto) message).getServerRequest();
    } else if (message instanceof ReadIndexRequestProto) {
      request = ((ReadIndexRequestProto) message).getServerRequest();
    } else {
      return "";
    }
    return request.getRequestorId().toStringUtf8();
  }
}
