/** The roles a token may hold (API.md Access): the api's guard checks them, the CLI issues them. */
// operator (issue 16): a probe's or a metrics scraper's token; it reads /health/ready and /metrics, no personal data
export const ROLES = ['clerk', 'hospital', 'auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
