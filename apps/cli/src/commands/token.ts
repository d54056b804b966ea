/**
 * `token issue|revoke|list`: tokens the api on the same DATA_DIR accepts, for deployments
 * without an identity provider (API.md Access). Works while the api runs: issuing needs only the
 * signing key, and the api reads revocations on every request.
 */
import * as os from 'node:os';
import { Role, durationSeconds, signingKey, TokenRegistry } from '@benefit/runtime';
import { CliError, Command, EXIT_OK, parseCommandArgs } from '../cli';

const HELP = `token issue --role <role> [--role <role>…] --subject <name> [--institution <id>] [--expires 8h]
  Prints a bearer token the api on this DATA_DIR accepts. Roles: clerk, hospital, auditor, operator (health/ready and metrics only), admin
  (API.md Access); a hospital token needs --institution, the institution whose claims it may reach.
  --subject is the actor recorded on every event the token records. --expires: 1m to 400d
  (default 8h). The token is printed once and never stored: keep it where its user keeps secrets.
token revoke <jti> [--reason <text>]
  Refuses the token from the api's next request on (its id is printed when it is issued, and by list).
token list
  Every issued token: id, subject, roles, institution, expiry, who issued it, and whether revoked.`;

/** Who ran the command: recorded beside each token issued or revoked. */
const operator = () => `cli:${os.userInfo().username}`;

export const tokenCommand: Command = {
  name: 'token',
  synopsis: 'token issue|revoke|list …',
  summary: 'issue, revoke or list bearer tokens for the api on DATA_DIR',
  help: HELP,
  async run(args, ctx) {
    const [verb, ...rest] = args;
    const { values, positionals } = parseCommandArgs('token', rest, {
      role: { type: 'string', multiple: true },
      subject: { type: 'string' },
      institution: { type: 'string' },
      expires: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
    });
    const registry = new TokenRegistry(ctx.config.dataDir);
    try {
      switch (verb) {
        case 'issue': {
          if (positionals.length) throw new CliError(`token issue takes no positional argument ("${positionals[0]}")\nsee: npm run cli -- help token`);
          const request = {
            roles: (values.role ?? []) as Role[],
            subject: values.subject ?? '',
            institutionId: values.institution ?? null,
            expiresInSeconds: durationSeconds(values.expires ?? '8h'),
          };
          let issued;
          try {
            issued = await registry.issue(signingKey(ctx.config.dataDir), { ...request, issuedBy: operator() });
          } catch (err) {
            throw new CliError(`${(err as Error).message}\nsee: npm run cli -- help token`);
          }
          if (values.json) ctx.out(`${JSON.stringify(issued)}\n`);
          else {
            ctx.out(`${issued.token}\n`);
            ctx.err(`token ${issued.jti} for ${request.subject} (${request.roles.join(', ')}${request.institutionId ? `, institution ${request.institutionId}` : ''}), valid until ${issued.expiresAt}\n` + `use it as: Authorization: Bearer <token>; revoke it with: npm run cli -- token revoke ${issued.jti}\n`);
          }
          return EXIT_OK;
        }
        case 'revoke': {
          const [jti] = positionals;
          if (!jti || positionals.length > 1) throw new CliError('token revoke takes one token id (see: npm run cli -- token list)');
          const fresh = registry.revoke(jti, operator(), values.reason ?? null);
          ctx.out(fresh ? `token ${jti} revoked: the api refuses it from its next request on\n` : `token ${jti} was already revoked\n`);
          return EXIT_OK;
        }
        case 'list': {
          const rows = registry.list();
          if (values.json) ctx.out(`${JSON.stringify(rows)}\n`);
          else if (!rows.length) ctx.out('no token has been issued on this DATA_DIR\n');
          else for (const r of rows) ctx.out(`${r.jti}  ${r.subject}  ${r.roles}${r.institutionId ? `@${r.institutionId}` : ''}  until ${r.expiresAt}  by ${r.issuedBy}${r.revokedAt ? `  REVOKED ${r.revokedAt}` : ''}\n`);
          return EXIT_OK;
        }
        default:
          throw new CliError(`token needs issue, revoke or list, got "${verb ?? ''}"\n${HELP}`);
      }
    } finally {
      registry.close();
    }
  },
};
