package io.sluice.cli;

import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.cli.job.JobSpec;
import io.sluice.cli.job.Lease;
import io.sluice.cli.job.PipelineBuilder;
import io.sluice.cli.job.ResolvedJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice run --dry-run}: the resolved job, its optimized plan and where it would write;
 * reads no data.
 */
final class JobDryRun {

  private JobDryRun() {}

  static void print(
      ResolvedJob job,
      ClassLoader loader,
      PrintWriter out,
      ExecutionOptions options,
      Map<String, String> fsOptions,
      boolean resumable,
      String reportPath) {
    JobSpec spec = job.spec();
    out.println(
        "# "
            + job.file()
            + " resolved for "
            + job.date()
            + " ("
            + spec.zone().getId()
            + "); job id "
            + job.jobId()
            + (resumable ? ", resumable" : ", not resumable"));
    out.print(job.redactedYaml());
    JobSpec.DemoCorpus demo = spec.source().demoCorpus();
    if (demo != null && !DemoCorpus.isCommitted(Path.of(spec.source().paths().get(0)))) {
      out.println(
          "# the demo corpus ("
              + demo.rows()
              + " rows, seed "
              + demo.seed()
              + ") would be generated at "
              + spec.source().paths().get(0)
              + "; the plan is shown once it exists");
      out.println("# dry run: nothing was read or written");
      out.flush();
      return;
    }
    try (Sluice sluice = Sluice.local(options)) {
      Dataset ds = new PipelineBuilder(job, loader).build(sluice, spec, fsOptions);
      out.println("# optimized plan");
      out.print(ds.explain());
      String mode =
          spec.sink().mode() == WriteMode.ERROR_IF_EXISTS
              ? "error"
              : spec.sink().mode().name().toLowerCase(Locale.ROOT);
      out.println(
          "# sink: "
              + spec.sink().format()
              + " "
              + spec.sink().path()
              + " (mode "
              + mode
              + ", files of about "
              + ByteSize.format(spec.sink().fileBytes())
              + ")");
      out.println("# lease: " + Lease.pathFor(spec.sink().path()));
      out.println("# report: " + reportPath);
      out.println("# dry run: nothing was read or written");
    }
    out.flush();
  }
}
