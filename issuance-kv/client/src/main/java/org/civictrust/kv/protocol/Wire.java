package org.civictrust.kv.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The primitives of every issuance-kv encoding (commands, results, queries, records, snapshots):
 * big-endian fixed-width integers, UTF-8 strings with a uint16 byte length, byte strings with a uint32
 * length. Decoding is strict: every length is bounded before anything is allocated, strings must be
 * valid UTF-8, and the caller checks that nothing trails ({@link Reader#end()}).
 */
public final class Wire {
  private Wire() {}

  /** Thrown by a {@link Reader} for bytes that break the encoding; carries no input bytes. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedException(String message) {
      super(message);
    }
  }

  /** Appends encoded values to a growing buffer. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    public Writer u8(int value) {
      if (value < 0 || value > 0xFF) {
        throw new IllegalArgumentException("not a uint8: " + value);
      }
      out.write(value);
      return this;
    }

    public Writer u16(int value) {
      if (value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException("not a uint16: " + value);
      }
      out.write(value >>> 8);
      out.write(value);
      return this;
    }

    public Writer u32(long value) {
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("not a uint32: " + value);
      }
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (value >>> shift));
      }
      return this;
    }

    public Writer i64(long value) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (value >>> shift));
      }
      return this;
    }

    /** A UTF-8 string of at most {@code maxBytes} (at most 65,535) bytes, with a uint16 length. */
    public Writer string(String value, int maxBytes) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > maxBytes || bytes.length > 0xFFFF) {
        throw new IllegalArgumentException("a string of " + bytes.length + " bytes exceeds " + maxBytes);
      }
      u16(bytes.length);
      out.write(bytes, 0, bytes.length);
      return this;
    }

    /** Bytes with a uint32 length. */
    public Writer bytes(byte[] value) {
      u32(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    /** Exactly {@code value.length} bytes, no length. */
    public Writer raw(byte[] value) {
      out.write(value, 0, value.length);
      return this;
    }

    public int size() {
      return out.size();
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads encoded values from a byte array, strictly. */
  public static final class Reader {
    private final byte[] data;
    private int position;

    public Reader(byte[] data) {
      this.data = data;
    }

    private void need(int count, String what) throws MalformedException {
      if (count < 0 || data.length - position < count) {
        throw new MalformedException("truncated: " + what + " needs " + count + " bytes at offset " + position
            + " of " + data.length);
      }
    }

    public int u8(String what) throws MalformedException {
      need(1, what);
      return data[position++] & 0xFF;
    }

    public int u16(String what) throws MalformedException {
      need(2, what);
      int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
      position += 2;
      return value;
    }

    public long u32(String what) throws MalformedException {
      need(4, what);
      long value = 0;
      for (int i = 0; i < 4; i++) {
        value = (value << 8) | (data[position++] & 0xFF);
      }
      return value;
    }

    public long i64(String what) throws MalformedException {
      need(8, what);
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (data[position++] & 0xFF);
      }
      return value;
    }

    /** A count (uint32) of at most {@code max}. */
    public int count(String what, int max) throws MalformedException {
      long count = u32(what);
      if (count > max) {
        throw new MalformedException(what + " count " + count + " exceeds " + max);
      }
      return (int) count;
    }

    /** A UTF-8 string of at most {@code maxBytes} bytes. */
    public String string(String what, int maxBytes) throws MalformedException {
      int length = u16(what);
      if (length > maxBytes) {
        throw new MalformedException(what + " of " + length + " bytes exceeds " + maxBytes);
      }
      need(length, what);
      try {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(data, position, length));
        position += length;
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw new MalformedException(what + " is not UTF-8");
      }
    }

    /** Bytes with a uint32 length of at most {@code maxBytes}. */
    public byte[] bytes(String what, int maxBytes) throws MalformedException {
      long length = u32(what);
      if (length > maxBytes) {
        throw new MalformedException(what + " of " + length + " bytes exceeds " + maxBytes);
      }
      return raw(what, (int) length);
    }

    /** Exactly {@code length} bytes. */
    public byte[] raw(String what, int length) throws MalformedException {
      need(length, what);
      byte[] value = Arrays.copyOfRange(data, position, position + length);
      position += length;
      return value;
    }

    public int position() {
      return position;
    }

    public int remaining() {
      return data.length - position;
    }

    /** Requires that every byte was read. */
    public void end() throws MalformedException {
      if (position != data.length) {
        throw new MalformedException((data.length - position) + " trailing bytes");
      }
    }
  }
}
