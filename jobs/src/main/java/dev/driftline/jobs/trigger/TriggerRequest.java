package dev.driftline.jobs.trigger;

import java.time.LocalDate;

/**
 * One decision to deliver.
 *
 * @param idempotencyKey the same for every rerun of the model's day (at most 64 characters, of
 *     [A-Za-z0-9_-]): what receivers deduplicate on
 * @param payloadJson the decision as a JSON object (model, ds, decision, reasons, evidence, ...)
 */
public record TriggerRequest(String model, LocalDate ds, String decision, String idempotencyKey, String payloadJson) {}
