package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.civictrust.cli.DocBlocks.Block;
import org.junit.jupiter.api.Test;

/** The doc blocks' markers, promised output and checks, on small documents (DocBlocksIT runs the real ones). */
class DocBlocksTest {
  private static List<String> problems(String markdown) {
    return DocBlocksIT.problems(DocBlocks.parse("doc.md", markdown));
  }

  @Test
  void aBashBlockWithoutAMarkerIsAProblem() {
    List<String> problems = problems("Text:\n```bash\nbin/civictrust --help\n```\n");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("doc.md:2: a ```bash block without a marker"), problems.toString());
  }

  @Test
  void aShellBlockThatIsNotBashIsAProblemMarkedOrNot() {
    assertEquals(1, problems("```sh\nls\n```\n").size());
    assertEquals(1, problems("<!-- doc-test: ls -->\n```shell\nls\n```\n").size());
  }

  @Test
  void otherBlocksNeedNoMarkerAndMayNotHaveOne() {
    assertEquals(List.of(), problems("```properties\na=b\n```\n```\nplain\n```\n"));
    assertEquals(1, problems("<!-- doc-test: p -->\n```properties\na=b\n```\n").size());
  }

  @Test
  void markedBlocksPassAndNamesAreUnique() {
    String block = "<!-- doc-test: a -->\n```bash\ntrue\n```\n";
    assertEquals(List.of(), problems(block));
    assertEquals(1, problems(block + block).size());
  }

  @Test
  void aSkipGivesItsReasonAndStandsAlone() {
    assertEquals(List.of(), problems("<!-- doc-test: a skip=\"needs a bucket\" -->\n```bash\ntrue\n```\n"));
    assertEquals(1, problems("<!-- doc-test: a skip=\"\" -->\n```bash\ntrue\n```\n").size());
    assertEquals(1, problems("<!-- doc-test: a skip=\"why\" exit=1 -->\n```bash\ntrue\n```\n").size());
  }

  @Test
  void setupAndAfterNameAServerBlockOfItsOwn() {
    String server = "<!-- doc-test: s server -->\n```bash\nserve\n```\n";
    assertEquals(List.of(), problems(server + "<!-- doc-test: a setup=s -->\n```bash\ntrue\n```\n"
        + "<!-- doc-test: b after=s -->\n```bash\ntrue\n```\n"));
    assertEquals(1, problems("<!-- doc-test: a setup=s -->\n```bash\ntrue\n```\n").size());
    assertEquals(1, problems("<!-- doc-test: s -->\n```bash\ntrue\n```\n<!-- doc-test: a after=s -->\n```bash\ntrue\n```\n")
        .size());
  }

  @Test
  void markersAreParsedStrictly() {
    DocBlocks.Marker marker = DocBlocks.marker("doc-test", " a setup=up with=connect-worker exit=1 ");
    assertEquals("a", marker.name());
    assertEquals(Map.of("setup", "up", "with", "connect-worker", "exit", "1"), marker.attributes());
    assertEquals("why not", DocBlocks.marker("doc-test", "a skip=\"why not\"").attributes().get("skip"));
    assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("doc-test", "a unknown=1"));
    assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("doc-test", "a setup=up setup=up"));
    assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("doc-test", "A"));
    assertThrows(IllegalArgumentException.class, () -> DocBlocks.marker("readme-test", "main server"));
    Block block = DocBlocks.parse("doc.md", "<!-- doc-test: a b=\" -->\n```bash\ntrue\n```\n").get(0);
    assertTrue(block.markerProblem() != null && block.marker() == null, block.toString());
  }

  @Test
  void aCommentRightAfterACommandIsPromisedOutputAndOtherCommentsAreProse() {
    String script = """
        # A log of three entries.
        printf x > x
        # {"verdict":"VERIFIED"}
        #   indented
        #

        # Prose after a blank line.
        cmd --flag \\
            --more    # a comment on the command line
        # out …
        """;
    assertEquals(List.of("{\"verdict\":\"VERIFIED\"}", "  indented", "", "out …"), DocBlocks.promised(script));
  }

  @Test
  void promisedLinesMatchWholeLinesInOrderWithTheEllipsisAsAnyText() {
    assertTrue(DocBlocks.matches("{\"treeSize\":3,\"rootHash\":\"…\"}", "{\"treeSize\":3,\"rootHash\":\"abc=\"}"));
    assertTrue(DocBlocks.matches("  issued by …", "  issued by x"));
    assertTrue(DocBlocks.matches("a.b (c)", "a.b (c)"));
    assertFalse(DocBlocks.matches("a.b", "aXb"));
    assertFalse(DocBlocks.matches("VERIFIED", "NOT VERIFIED"));
    List<String> promised = List.of("one", "t…", "three");
    assertEquals(3, DocBlocks.kept(promised, List.of("zero", "one", "noise", "two", "three")));
    assertEquals(2, DocBlocks.kept(promised, List.of("three", "one", "two")));
  }
}
