import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileCheckpointStore } from './checkpoint';

describe('FileCheckpointStore', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-cp-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads 0 when absent, then what was written, leaving no temp file', async () => {
    const store = new FileCheckpointStore(path.join(dir, 'sub', 'cp.json'));
    expect(await store.read()).toBe(0);
    await store.write(17);
    await store.write(42);
    expect(await store.read()).toBe(42);
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual(['cp.json']);
  });

  it('refuses a corrupt file with a clear message', async () => {
    const file = path.join(dir, 'cp.json');
    fs.writeFileSync(file, '{"position": -3}');
    await expect(new FileCheckpointStore(file).read()).rejects.toThrow(/no valid "position"/);
    fs.writeFileSync(file, 'garbage');
    await expect(new FileCheckpointStore(file).read()).rejects.toThrow(/not valid JSON/);
  });
});
