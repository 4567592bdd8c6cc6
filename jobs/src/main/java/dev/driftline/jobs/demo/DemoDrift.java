package dev.driftline.jobs.demo;

import static dev.driftline.jobs.demo.InjectedDrift.ALL;

/**
 * The regime shifts the demo injects. Each starts on a fixed day of the demo (an offset from its
 * start) and lasts to the end; before it, that part of the log is stationary.
 */
enum DemoDrift {

  BR_AMOUNT(16, "amount", "country", "BR",
      "amount doubles in BR (a currency move): the median goes from about $45 to about $90; BR"
          + " scores rise with it while fraud risk does not, so the model over-scores BR"),
  SMART_TV_DEVICE(19, "device", ALL, ALL,
      "a new device smart_tv appears with about 8% of traffic, taken proportionally from ios,"
          + " android and web; the model has never seen it and scores it like a phone, but its"
          + " true fraud rate is several times higher"),
  COUNTRY_MIX(22, "country", ALL, ALL,
      "the country mix shifts: IN grows from about 5% to 25% of traffic and US shrinks from about"
          + " 40% to 20%; per-transaction fraud risk is unchanged (pure covariate shift)"),
  SCORE_SHIFT(25, "score", ALL, ALL,
      "the model's log-odds shift by +1.0 (a broken scoring change): scores roughly double while"
          + " fraud does not, so calibration and precision drop");

  final int firstDayOffset;
  final String column;
  final String sliceKey;
  final String sliceValue;
  final String description;

  DemoDrift(int firstDayOffset, String column, String sliceKey, String sliceValue,
      String description) {
    this.firstDayOffset = firstDayOffset;
    this.column = column;
    this.sliceKey = sliceKey;
    this.sliceValue = sliceValue;
    this.description = description;
  }

  boolean activeOn(int dayOffset) {
    return dayOffset >= firstDayOffset;
  }

  InjectedDrift describe(DemoSpec spec) {
    return new InjectedDrift(spec.day(firstDayOffset), column, sliceKey, sliceValue, description);
  }
}
