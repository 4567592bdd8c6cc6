package dev.driftline.jobs.demo;

/**
 * One scored card transaction of the demo: what the prediction log records, plus the truth the
 * scorer never sees (its fraud probability, the outcome, and when the label arrives; a null
 * {@code labelMicros} means the label never arrives). Times are epoch microseconds, UTC.
 */
record Transaction(
    String requestId,
    long eventMicros,
    double amount,
    Double accountAgeDays,
    double merchantRisk,
    int txnPerDay,
    String country,
    String device,
    String channel,
    double score,
    double latencyMs,
    double fraudProbability,
    int isFraud,
    Long labelMicros,
    float[] merchantEmbedding) {}
