import * as path from 'node:path';
import { loadRelayConfig } from './config';

describe('relay config', () => {
  it('requires KAFKA_BROKERS and reads defaults', () => {
    expect(() => loadRelayConfig({})).toThrow(/KAFKA_BROKERS is required/);
    const c = loadRelayConfig({ KAFKA_BROKERS: 'k1:9092, k2:9093', DATA_DIR: '/tmp/x' });
    expect(c.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(c.eventsFile).toBe(path.join('/tmp/x', 'events.db'));
    expect(c.checkpointFile).toBe(path.join('/tmp/x', 'relay-checkpoint.json'));
    expect(c.batchSize).toBe(500);
    expect(c.logLevel).toBe('info');
  });

  it('names every bad setting at once', () => {
    let message = '';
    try {
      loadRelayConfig({ KAFKA_BROKERS: 'nohost,k:99999', LOG_LEVEL: 'loud', RELAY_BATCH_SIZE: '0', RELAY_CHECKPOINT_FILE: ' ' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/KAFKA_BROKERS entry "nohost" must be host:port/);
    expect(message).toMatch(/KAFKA_BROKERS entry "k:99999"/);
    expect(message).toMatch(/LOG_LEVEL must be one of/);
    expect(message).toMatch(/RELAY_BATCH_SIZE must be a whole number from 1 to 10000, got "0"/);
    expect(message).toMatch(/RELAY_CHECKPOINT_FILE must name a file/);
  });
});
