/**
 * Structured logs: one JSON object per line. Callers pass facts, never secrets; the request pipeline logs
 * operation names, principals and error codes, not parameters.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(write: (line: string) => void, min: Level = 'info'): Logger {
  return {
    log(level, msg, fields) {
      if (RANK[level] < RANK[min]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };
