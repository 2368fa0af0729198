/** The HTTP benchmark's part of the printed report. */
import { formatRate, formatTable } from '../lib/table.js';
import type { HttpRun } from './run-http.js';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const ms = (n: number): string => n.toFixed(2);

function note(statuses: Record<string, number>, errors: number, timeouts: number): string {
  const other = Object.entries(statuses).filter(([code]) => !code.startsWith('2'));
  const parts = other.map(([code, n]) => `${n.toLocaleString('en-US')}× ${code}`);
  if (errors > 0) parts.push(`${errors} socket errors`);
  if (timeouts > 0) parts.push(`${timeouts} timeouts`);
  return parts.join(', ');
}

export function printHttpReport(run: HttpRun): void {
  console.log(`\nHTTP on loopback (autocannon in its own process, ${run.connections} connections, pipelining ${run.pipelining}, ${run.durationSeconds} s after ${run.warmupSeconds} s warm-up; each server in its own process)`);
  console.log(
    formatTable(
      ['server', 'request', 'requests/s', 'p50 ms', 'p99 ms', 'of ceiling', 'server CPU µs/req', 'server RSS MB', 'note'],
      run.throughput.map((t) => [
        t.server,
        t.operation,
        formatRate(t.requestsPerSecond),
        ms(t.p50Ms),
        ms(t.p99Ms),
        t.ratioToCeiling === undefined ? '' : `${(t.ratioToCeiling * 100).toFixed(0)}%`,
        t.serverCpuMicrosPerRequest.toFixed(0),
        mb(t.rssAfterBytes),
        note(t.statuses, t.errors, t.timeouts),
      ]),
      [false, false, true, true, true, true, true, true, false],
    ),
  );
  console.log('  GetUser: one request signed once (SigV4, @smithy/signature-v4) and replayed; the server verifies every signature');
  console.log('  and authorizes every call. The ceiling answers the bytes Gatehouse sent for it; "node:http + SigV4 only" answers');
  console.log('  them too after verifying each signature with Gatehouse\'s verifier and the key held in memory (no store, no');
  console.log('  authorization, no audit): what any signed API must do at least. CreateUser: a distinct user per');
  console.log(`  request, ${run.createUserPool.toLocaleString('en-US')} requests signed before the run, spread over accounts (5,000 users each at most).`);
  console.log('  server CPU µs/req: the server process\'s user + system time over the warm-up and the run, per response; it');
  console.log('  varies less than requests/s when other work shares the machine.');

  console.log('\nStart-up and memory of `gatehouse serve` (SQLite)');
  console.log(
    formatTable(
      ['store', 'users', 'start-up ms', 'RSS MB after start', 'RSS MB after GetUser + ListUsers', 'calls'],
      run.startup.map((s) => [
        s.store,
        s.users.toLocaleString('en-US'),
        s.startupMs.toFixed(0),
        mb(s.rssAfterStartBytes),
        mb(s.rssAfterCallsBytes),
        `GetUser ${s.getUserStatus}, ListUsers ${s.listUsersStatus} (${s.listedUsers} users)`,
      ]),
      [false, true, true, true, true, false],
    ),
  );
  console.log('  start-up: from spawning the process to its first /health answer.');
  console.log(`\nPeers over HTTP: ${run.peers}.`);
}
