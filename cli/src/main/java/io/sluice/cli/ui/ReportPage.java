package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.job.RunReport;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;

/**
 * The visual run report ({@code run-report.html}): the dashboard's own page with its script, style
 * and the report inlined, so it opens from disk with no server and nothing fetched; the charts show
 * the run as it ended.
 */
public final class ReportPage {

  private ReportPage() {}

  /** The self-contained page of {@code report} (a run-report tree with its timeline). */
  public static String html(ObjectNode report) {
    String page = UiServer.resource("index.html");
    // "<" never occurs outside JSON strings; escaped inside them, no "</script>" can end the block
    String data = RunReport.toJson(report).replace("<", "\\u003c");
    page =
        replaceOnce(
            page,
            "<link rel=\"stylesheet\" href=\"app.css\">",
            "<style>\n" + UiServer.resource("app.css") + "\n</style>");
    page =
        replaceOnce(
            page,
            "<script src=\"app.js\"></script>",
            "<script>window.SLUICE_REPORT = "
                + data
                + ";</script>\n<script>\n"
                + UiServer.resource("app.js").replace("</script", "<\\/script")
                + "\n</script>");
    return page;
  }

  /**
   * Writes {@code report} as JSON to {@code reportPath} and its page beside it ({@link
   * RunReport#htmlPath}): the pair every command that reports a run leaves.
   */
  public static void write(ObjectNode report, String reportPath, FsConfig config)
      throws IOException {
    RunReport.write(RunReport.toJson(report), reportPath, config);
    RunReport.write(html(report), RunReport.htmlPath(reportPath), config);
  }

  private static String replaceOnce(String page, String what, String with) {
    int i = page.indexOf(what);
    if (i < 0) {
      throw new IllegalStateException("the dashboard's index.html lacks " + what);
    }
    return page.substring(0, i) + with + page.substring(i + what.length());
  }
}
