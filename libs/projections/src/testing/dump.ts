import Database from 'better-sqlite3';

/** Every row of every read-model table, in key order: two equal dumps are two equal read models. */
export function dumpReadModel(db: Database.Database, except: string[] = ['checkpoints']): Record<string, unknown[]> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const cols = db.prepare<[], { name: string }>(`PRAGMA table_info(${name})`).all().map((c) => c.name);
    dump[name] = db.prepare(`SELECT * FROM ${name} ORDER BY ${cols.join(', ')}`).all();
  }
  return dump;
}
