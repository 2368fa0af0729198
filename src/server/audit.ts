/**
 * The audit trail: the pipeline hands every request's event here; events are written in small batches so
 * a request never waits for its own audit write.
 */
import type { AuditEvent, AuditLog } from '../store/contract.js';
import type { Logger } from './logger.js';

export interface AuditSink {
  record(e: AuditEvent): void;
  /** Writes what is pending (on shutdown, and in tests before reading the trail). */
  flush(): Promise<void>;
}

export function createAuditSink(log: AuditLog, logger: Logger, delayMs = 50, maxBatch = 500): AuditSink {
  let pending: AuditEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      writing = writing.then(() =>
        log.appendEvents(batch).catch((e: unknown) => logger.log('error', 'audit write failed', { events: batch.length, error: String(e) })),
      );
    }
    return writing;
  };

  return {
    record(e) {
      pending.push(e);
      if (pending.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), delayMs);
    },
    flush,
  };
}
