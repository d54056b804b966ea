/**
 * The runtime every app and the bench share: configuration, logging, storage opening, the
 * process lock, keys and redaction (issue 12). Nothing here knows a region or a rule.
 */
export {};
