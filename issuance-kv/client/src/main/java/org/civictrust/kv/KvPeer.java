package org.civictrust.kv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One peer of the store: its id and the host and port of its gRPC endpoint (peers and clients use the
 * same port). A peer keeps its id and address for life: the Raft log records the group's addresses.
 *
 * @param id 1 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param host a host name or IP address
 * @param port 1 to 65535
 */
public record KvPeer(String id, String host, int port) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");

  /**
   * Validates the peer.
   *
   * @throws IllegalArgumentException if a field breaks its rule
   */
  public KvPeer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a peer id is 1 to 64 characters of [A-Za-z0-9_-]");
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("not a host name or address: " + host);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("a port is 1 to 65535");
    }
  }

  /** {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** {@code id=host:port}. */
  public String format() {
    return id + "=" + address();
  }

  /**
   * Parses a peer list {@code id=host:port,id=host:port,...} (the {@code --kv} option's form).
   *
   * @throws IllegalArgumentException if an element is malformed, an id repeats or the list is empty
   */
  public static List<KvPeer> parseList(String text) {
    Objects.requireNonNull(text, "text");
    List<KvPeer> peers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String element : text.trim().split(",", -1)) {
      int equals = element.indexOf('=');
      int colon = element.lastIndexOf(':');
      if (equals < 1 || colon < equals + 2 || colon == element.length() - 1) {
        throw new IllegalArgumentException("a peer is id=host:port, not \"" + element + "\"");
      }
      int port;
      try {
        port = Integer.parseInt(element.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port in \"" + element + "\"", e);
      }
      KvPeer peer = new KvPeer(element.substring(0, equals), element.substring(equals + 1, colon), port);
      if (!ids.add(peer.id())) {
        throw new IllegalArgumentException("peer " + peer.id() + " is listed twice");
      }
      peers.add(peer);
    }
    return List.copyOf(peers);
  }

  /** Formats a peer list as {@link #parseList} reads it. */
  public static String formatList(List<KvPeer> peers) {
    StringBuilder text = new StringBuilder();
    for (KvPeer peer : peers) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(peer.format());
    }
    return text.toString();
  }
}
