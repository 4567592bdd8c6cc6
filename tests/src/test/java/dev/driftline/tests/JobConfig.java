package dev.driftline.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job config over a demo prediction log, written as the YAML a user would write. Each section
 * is a YAML flow value that a test can swap for another.
 */
record JobConfig(String input, String features, String slices, String reference, Path warehouse) {

  static final String MODEL = "card-fraud";

  /** The demo's features, prediction and slices over the Delta log at {@code input}, reference 10-01..10-14. */
  static JobConfig demo(Path input, Path warehouse) {
    return new JobConfig(
        "{format: delta, path: '" + input + "', date_column: ds, model_version_column: model_version}",
        "{numeric: [amount, account_age_days, merchant_risk, txn_per_day, 'hour(event_time) AS hour'],"
            + " categorical: [country, device, channel]}",
        "{columns: [country, device]}",
        "{from: 2026-10-01, to: 2026-10-14}",
        warehouse);
  }

  JobConfig withInput(String value) {
    return new JobConfig(value, features, slices, reference, warehouse);
  }

  JobConfig withSlices(String value) {
    return new JobConfig(input, features, value, reference, warehouse);
  }

  JobConfig withReference(String value) {
    return new JobConfig(input, features, slices, value, warehouse);
  }

  String yaml() {
    return "model: " + MODEL + "\n"
        + "input: " + input + "\n"
        + "features: " + features + "\n"
        + "prediction: {column: score, kind: probability}\n"
        + "slices: " + slices + "\n"
        + "reference: " + reference + "\n"
        + "output: {warehouse: '" + warehouse + "'}\n";
  }

  /** Writes the YAML to {@code file} and returns the file. */
  Path writeTo(Path file) {
    return write(file, yaml());
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
