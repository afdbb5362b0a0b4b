package org.civictrust.schemas.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over a byte array that refuses any length larger than what is left of the
 * input <em>before</em> allocating, where Avro's own decoder allocates whatever a string, bytes or
 * array length claims (up to 2 GiB from a ten-byte record). For {@code org.civictrust.schemas} only.
 */
public final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final int size;

  public BoundedDecoder(byte[] bytes) {
    this.in = DecoderFactory.get().binaryDecoder(bytes, null);
    this.size = bytes.length;
  }

  /** Whether every input byte was read. */
  public boolean isEnd() throws IOException {
    return in.isEnd();
  }

  private int length(long claimed) throws IOException {
    if (claimed < 0 || claimed > size) {
      throw new IOException("a length of " + claimed + " does not fit in a record of " + size + " bytes");
    }
    return (int) claimed;
  }

  private long count(long claimed) throws IOException {
    // Every item takes at least one byte, except items of empty records, which CivicTrust has none of.
    if (claimed < 0 || claimed > size) {
      throw new IOException("a block of " + claimed + " items does not fit in a record of " + size + " bytes");
    }
    return claimed;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    byte[] bytes = new byte[length(in.readLong())];
    in.readFixed(bytes);
    try {
      // Avro would replace invalid sequences silently; CivicTrust refuses them.
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new IOException("a string is not valid UTF-8", e);
    }
    return new Utf8(bytes);
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(length(in.readLong()));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] bytes = new byte[length(in.readLong())];
    in.readFixed(bytes);
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(length(in.readLong()));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length(length));
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return count(in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return count(in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return count(in.skipArray());
  }

  @Override
  public long readMapStart() throws IOException {
    return count(in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return count(in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return count(in.skipMap());
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
