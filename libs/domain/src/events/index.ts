/**
 * Stored events are versioned facts, not working types (STYLE.md §10, issue 12 point 5).
 *
 * - Schemas: every payload type is written out as it is stored, `XxxV1`, next to its stream's
 *   events (`*.events.ts`), with the current version under the plain name (`ClaimAdjudicated =
 *   ClaimAdjudicatedV1`). The policy's shapes inside them (claim, adjudication, bed days, payer and
 *   counter keys) are copied in policy-v1.ts, so a change to @benefit/policy cannot reach the log
 *   unnoticed: policy-v1.check.ts stops the type check when the two part, and to-policy-v1.ts is
 *   where a decider turns a working value into its stored shape.
 * - Where the version lives: in the payload, as `data.v`. Payloads without `v` are version 1 — every
 *   event written before versioning, and the version-1 types that never wrote one (their JSON
 *   stays byte for byte what it was); CatalogEntryRecorded, ClaimCancelled and PersonDataRead
 *   write `v: 1`. From version 2 on every payload writes its `v`, as its first field (the upcasting
 *   store reads it from the stored JSON's head without parsing). Not in the metadata: the port's
 *   metadata has a fixed set of fields that each adapter maps one by one, while the payload goes
 *   through every adapter, the Kafka relay and the stored JSON unchanged, and carries its version
 *   wherever it is copied.
 * - On read: registry.ts names each type's current version and its lifts, and
 *   `withCurrentSchemas(store)` wraps the store once where storage is opened, so the folds
 *   (CommandRunner.load), the projections and the CLI's readers all see the current shape.
 * - A new shape: add `XxxV2` (with `v: 2`), point the plain name at it, add `lifts: { 1: (d: XxxV1['data']) => … }`
 *   and `current: 2` to the registry, and leave V1 as it is.
 */
export * from './policy-v1';
export * from './policy-v2';
export * from './to-policy-v1';
export * from './registry';
