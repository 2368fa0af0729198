/**
 * The processes of the HTTP benchmark: the Gatehouse server (the real `gatehouse serve`), the bare ceiling
 * server and the load generator, each in its own process as in a deployment; and what is read from outside
 * them (start-up time, resident memory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { GeneratorResult, GeneratorSpec } from './load-generator.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const CEILING = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));
const VERIFY_ONLY = fileURLToPath(new URL('./verify-only-server.js', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));

export interface ServerProcess {
  pid: number;
  url: string;
  /** Milliseconds from spawn until the server answered (Gatehouse: `/health`; the ceiling: its first line). */
  startupMs: number;
  /** Resident set size now, in bytes (from /proc). */
  rss(): number;
  /** CPU time the process has used so far (user + system), in seconds (from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

/** USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture Node.js runs on. */
const TICKS_PER_SECOND = 100;

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Keeps the last lines a child wrote to stderr, for the error message when it dies. */
function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (c: Buffer) => {
    text = (text + c.toString('utf8')).slice(-4000);
  });
  return () => text.trim();
}

/**
 * Starts `gatehouse serve` on a data directory and waits until `/health` answers. Node options for the server
 * process (to profile it: `GATEHOUSE_BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'`) come from
 * that environment variable.
 */
export async function startGatehouse(dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = process.hrtime.bigint();
  const nodeArgs = (process.env.GATEHOUSE_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = tail(child);
  const stop = stopper(child);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gatehouse serve exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) {
        await res.arrayBuffer();
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (process.hrtime.bigint() - started > 120_000_000_000n) {
      await stop();
      throw new Error(`gatehouse serve did not answer /health within 120 s: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const pid = child.pid as number;
  return { pid, url, startupMs, rss: () => rssOf(pid), cpuSeconds: () => cpuSecondsOf(pid), stop };
}

/** Starts the bare node:http server answering every request with the bytes in `bodyFile`. */
export function startCeiling(bodyFile: string): Promise<ServerProcess> {
  return startReference([CEILING, bodyFile]);
}

/** Starts the node:http server that verifies each request's signature (made with `key`) and answers the bytes in `bodyFile`. */
export function startVerifyOnly(bodyFile: string, key: { accessKeyId: string; secretAccessKey: string }): Promise<ServerProcess> {
  return startReference([VERIFY_ONLY, bodyFile, key.accessKeyId, key.secretAccessKey]);
}

/** Starts a reference server script that prints `listening <port>` once it accepts connections. */
async function startReference(args: string[]): Promise<ServerProcess> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail(child);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${args[0] ?? 'the reference server'} exited with ${code}: ${stderr()}`)));
  });
  const pid = child.pid as number;
  return { pid, url: `http://127.0.0.1:${port}`, startupMs: Number(process.hrtime.bigint() - started) / 1e6, rss: () => rssOf(pid), cpuSeconds: () => cpuSecondsOf(pid), stop: stopper(child) };
}

/** Runs the load generator in its own process and returns what it measured. */
export function runGenerator(spec: GeneratorSpec): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GENERATOR, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = tail(child);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || line === '') reject(new Error(`the load generator exited with ${code}: ${stderr()}`));
      else resolve(JSON.parse(line) as GeneratorResult);
    });
  });
}
