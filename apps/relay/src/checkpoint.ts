/**
 * The relay's checkpoint: the global position of the last event the broker acknowledged. Written
 * atomically (temp file, fsync, rename, fsync of the directory): after a crash the file holds
 * either the previous checkpoint or the new one, never a torn write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CheckpointStore {
  /** The stored position, 0 when nothing was published yet. */
  read(): Promise<number>;
  write(position: number): Promise<void>;
}

interface CheckpointFileContent {
  position: number;
  updatedAt: string;
}

export class FileCheckpointStore implements CheckpointStore {
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(): Promise<number> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let parsed: Partial<CheckpointFileContent>;
    try {
      parsed = JSON.parse(text) as Partial<CheckpointFileContent>;
    } catch {
      throw new Error(`checkpoint file ${this.file} is not valid JSON: fix or remove it (removing it publishes the whole log again)`);
    }
    if (!Number.isSafeInteger(parsed.position) || (parsed.position as number) < 0) {
      throw new Error(`checkpoint file ${this.file} has no valid "position": fix or remove it (removing it publishes the whole log again)`);
    }
    return parsed.position as number;
  }

  async write(position: number): Promise<void> {
    if (!Number.isSafeInteger(position) || position < 0) throw new Error(`checkpoint must be a non-negative integer, got ${position}`);
    const dir = path.dirname(this.file);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const content: CheckpointFileContent = { position, updatedAt: this.now().toISOString() };
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, this.file);
    // make the rename itself durable; not every platform allows fsync on a directory
    try {
      const d = await fs.promises.open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      /* best effort */
    }
  }
}
