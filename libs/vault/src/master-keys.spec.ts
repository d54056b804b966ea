import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Keyring, MASTER_KEY_FILE, envMasterKeys, fileMasterKeys, masterKey, parseMasterKeys, readKeyFile, unwrapDataKey, wrapDataKey, writeKeyFile } from './master-keys';

const hex = () => randomBytes(32).toString('hex');

describe('DATA_KEY', () => {
  it('takes 64 hex characters, base64 or base64url of 32 bytes, current first, and gives each key the same id from either form', () => {
    const raw = randomBytes(32);
    const [a, b, c] = parseMasterKeys(`${raw.toString('hex')}, ${hex()},${randomBytes(32).toString('base64url')}`);
    expect(a.key.equals(raw)).toBe(true);
    expect(parseMasterKeys(raw.toString('base64'))[0].id).toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it.each([
    ['31 bytes of hex', () => randomBytes(31).toString('hex'), /is 62 hex characters, not 64/],
    ['16 bytes of base64', () => randomBytes(16).toString('base64'), /decodes to 16 bytes of base64, not 32/],
    ['a passphrase', () => 'correct horse battery staple', /is neither hex nor base64/],
    ['an empty entry', () => `${hex()},`, /entry 2 of 2 is empty/],
    ['the same key twice', () => { const k = hex(); return `${k},${k}`; }, /entry 2 of 2 repeats an earlier key/],
  ])('refuses %s with a message that names the entry and never the key', (_label, make, message) => {
    const text = make();
    let error: Error | null = null;
    try {
      parseMasterKeys(text);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    for (const part of text.split(',').filter((p) => p.length > 8)) expect(error!.message).not.toContain(part);
  });

  it('is fixed for the life of the process', () => {
    const keys = envMasterKeys(`${hex()},${hex()}`);
    expect(keys.source).toBe('env');
    expect(keys.refresh()).toBe(keys.ring());
    expect(keys.ring().keys).toHaveLength(2);
  });
});

describe('wrapping a data key', () => {
  it('unwraps under the same master key for the same person only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), (bytes, personId) => {
        const master = masterKey(randomBytes(32));
        const dek = Buffer.from(bytes);
        const wrapped = wrapDataKey(master, personId, dek);
        expect(wrapped).toHaveLength(60);
        expect(unwrapDataKey(master, personId, wrapped).equals(dek)).toBe(true);
        expect(() => unwrapDataKey(master, `${personId}x`, wrapped)).toThrow(/does not unwrap/);
        expect(() => unwrapDataKey(masterKey(randomBytes(32)), personId, wrapped)).toThrow(/does not unwrap/);
      }),
      { numRuns: 50 },
    );
  });

  it('a keyring wraps with its first key and finds every key by id', () => {
    const ring = new Keyring(parseMasterKeys(`${hex()},${hex()}`));
    expect(ring.current).toBe(ring.keys[0]);
    expect(ring.get(ring.keys[1].id)).toBe(ring.keys[1]);
    expect(ring.get('0000000000000000')).toBeUndefined();
  });
});

describe('the key file in DATA_DIR', () => {
  let dir: string;
  beforeEach(() => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vault-keys-')), 'data', 'nested')));
  afterEach(() => fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }));

  it('is made at first start, owner-only (0600 in a 0700 directory), and the same key is found on the next start', () => {
    const first = fileMasterKeys(dir);
    const file = path.join(dir, MASTER_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.dirname(dir)).mode & 0o777).toBe(0o700);
    expect(fileMasterKeys(dir).ring().current.id).toBe(first.ring().current.id);
  });

  it('is re-read when it changes: a key put in front becomes current, a key removed stays usable in memory', () => {
    const keys = fileMasterKeys(dir);
    const old = keys.ring().current;
    const file = path.join(dir, MASTER_KEY_FILE);
    const fresh = masterKey(randomBytes(32));
    writeKeyFile(file, [fresh, old]);
    expect(keys.refresh().current.id).toBe(fresh.id);
    writeKeyFile(file, [fresh]);
    const ring = keys.refresh();
    expect(readKeyFile(file).map((k) => k.id)).toEqual([fresh.id]);
    expect(ring.current.id).toBe(fresh.id);
    expect(ring.get(old.id)?.key.equals(old.key)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a damaged key file stops the start with what to do', () => {
    fileMasterKeys(dir);
    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), '# only a comment\n');
    expect(() => fileMasterKeys(dir)).toThrow(/holds no master key: restore it from its backup/);
    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), 'abc\n');
    expect(() => fileMasterKeys(dir)).toThrow(/master\.key is 3 hex characters, not 64/);
  });
});
