package dev.driftline.jobs.cli;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.lineage.LineageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Print a day's lineage graph: input versions, reference, profile, findings, incidents, decision and"
        + " trigger, each with its fingerprint.")
public final class LineageCommand implements Callable<Integer> {

  @Mixin
  LineageDayOption day;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (an indented tree), dot (Graphviz) or mermaid; default ${DEFAULT-VALUE}")
  String format;

  @Override
  public Integer call() {
    LineageFormat f = Arrays.stream(LineageFormat.values())
        .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(format)).findFirst()
        .orElseThrow(() -> new ConfigException("--format: '" + format + "' is not text, dot or mermaid"));
    System.out.print(f.render(day.read("driftline lineage")));
    return 0;
  }
}
