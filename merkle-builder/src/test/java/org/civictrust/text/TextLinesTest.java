package org.civictrust.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextLinesTest {
  @Test
  void splitsNewlineTerminatedLines() throws Exception {
    assertEquals(List.of("a", "b c"), TextLines.split("a\nb c\n", false));
    assertEquals(List.of("a", "", "b"), TextLines.split("a\n\nb\n", true));
    assertEquals(List.of(""), TextLines.split("\n", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a\nb", "a\n\nb\n", "\n", "a\n\n"})
  void rejectsAMissingFinalNewlineOrAnEmptyLine(String text) {
    assertThrows(MalformedTextException.class, () -> TextLines.split(text, false));
  }

  @Test
  void keepsCarriageReturnsForTheCallerToRefuse() throws Exception {
    // A line ends at '\n' only; "\r" stays in the line, where isLine rejects it.
    assertEquals(List.of("a\r"), TextLines.split("a\r\n", false));
    assertFalse(TextLines.isLine("a\r"));
  }

  @Test
  void readsKeywordLines() throws Exception {
    assertEquals("42", TextLines.value("time 42", "time"));
    assertEquals(" 42", TextLines.value("time  42", "time"));
    assertTrue(TextLines.is("time 42", "time"));
    assertFalse(TextLines.is("times 42", "time"));
    assertFalse(TextLines.is("time", "time"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"time", "time ", "times 42", "tim 42", "TIME 42", " time 42", "time\t42"})
  void rejectsAnythingButKeywordSpaceValue(String line) {
    assertThrows(MalformedTextException.class, () -> TextLines.value(line, "time"));
  }

  @Test
  void aLineIsNonEmptyWithoutControlCharactersOrUnpairedSurrogates() {
    assertTrue(TextLines.isLine("example.com/log"));
    assertTrue(TextLines.isLine("caf\u00e9 \ud83d\ude00"));
    assertFalse(TextLines.isLine(null));
    assertFalse(TextLines.isLine(""));
    assertFalse(TextLines.isLine("a\nb"));
    assertFalse(TextLines.isLine("a\tb"));
    assertFalse(TextLines.isLine("a\u0000"));
    assertFalse(TextLines.isLine("\ud83d"));
    assertFalse(TextLines.isLine("\ude00"));
    assertFalse(TextLines.isLine("\ude00\ud83d"));
    assertFalse(TextLines.isLine("\ud83d\ud83d\ude00"));
  }
}
