/** The roles a token may hold (API.md Access): the api's guard checks them, the CLI issues them. */
export const ROLES = ['clerk', 'hospital', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
