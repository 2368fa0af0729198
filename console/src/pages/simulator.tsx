/** The policy simulator: SimulatePrincipalPolicy and SimulateCustomPolicy, with the deciding statements shown. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call, type Session } from '../api.ts';
import { ErrorBox, Field, PageTitle, Section, useAction } from '../ui.tsx';
import { PolicyEditor } from './policy-editor.tsx';

interface Position { Line: number; Column: number }
interface Statement { SourcePolicyId?: string; SourcePolicyType?: string; StartPosition?: Position; EndPosition?: Position }
interface Result { EvalActionName: string; EvalResourceName?: string; EvalDecision: string; MatchedStatements?: Statement[]; MissingContextValues?: string[] }

const split = (s: string): string[] => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

interface ContextEntry { ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: string }

/**
 * `key=value` lines as the simulator's ContextEntries: several values (comma-separated) make a list; `true`/
 * `false` are booleans, `aws:SourceIp` an IP address, numbers numeric, ISO dates dates, the rest strings.
 */
export function contextEntries(text: string): ContextEntry[] {
  const entries: ContextEntry[] = [];
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const values = line.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (name === '' || values.length === 0) continue;
    const one = (v: string): string =>
      /^(true|false)$/i.test(v) ? 'boolean' : /sourceip$/i.test(name) ? 'ip' : /^-?\d+(\.\d+)?$/.test(v) ? 'numeric' : /^\d{4}-\d{2}-\d{2}T/.test(v) ? 'date' : 'string';
    const type = one(values[0] ?? '');
    entries.push({ ContextKeyName: name, ContextKeyValues: values, ContextKeyType: values.length > 1 ? `${type}List` : type });
  }
  return entries;
}

/** The policy text with the lines of the deciding statements marked. */
function Highlighted({ text, statements }: { text: string; statements: Statement[] }): ReactNode {
  const lines = text.split('\n');
  const hit = (n: number): boolean => statements.some((s) => s.StartPosition && s.EndPosition && n >= s.StartPosition.Line && n <= s.EndPosition.Line);
  return (
    <pre className="code" aria-label="Policy with the deciding statements marked">
      {lines.map((l, i) => <span key={i} className={hit(i + 1) ? 'hit' : undefined}>{hit(i + 1) ? <mark>{l}</mark> : l}{'\n'}</span>)}
    </pre>
  );
}

export function Simulator({ session }: { session: Session }): ReactNode {
  const [mode, setMode] = useState<'principal' | 'custom'>('principal');
  const [source, setSource] = useState(session.role ? '' : session.identity?.kind === 'user' ? session.identity.arn : '');
  const [policy, setPolicy] = useState(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, null, 2));
  const [actions, setActions] = useState('iam:CreateUser');
  const [resources, setResources] = useState('*');
  const [context, setContext] = useState('');
  const [results, setResults] = useState<Result[]>();
  const a = useAction();
  const run = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      const entries = contextEntries(context);
      const common = { ActionNames: split(actions), ResourceArns: split(resources), ...(entries.length > 0 ? { ContextEntries: entries } : {}) };
      const r = mode === 'principal'
        ? await call<{ EvaluationResults: Result[] }>('SimulatePrincipalPolicy', { PolicySourceArn: source, ...common })
        : await call<{ EvaluationResults: Result[] }>('SimulateCustomPolicy', { PolicyInputList: [policy], ...common });
      setResults(r.EvaluationResults);
    });
  };
  return (
    <>
      <PageTitle>Policy simulator</PageTitle>
      <form className="panel" onSubmit={run}>
        <fieldset className="segmented">
          <legend>Simulate</legend>
          <label><input type="radio" name="mode" checked={mode === 'principal'} onChange={() => setMode('principal')} /> A user's, group's or role's policies</label>
          <label><input type="radio" name="mode" checked={mode === 'custom'} onChange={() => setMode('custom')} /> A policy I write</label>
        </fieldset>
        {mode === 'principal' ? <Field label="Principal ARN (user, group or role)" name="source-arn" value={source} onChange={setSource} required /> : <PolicyEditor label="Policy to simulate" value={policy} onChange={setPolicy} />}
        <Field label="Actions (separated by commas or spaces)" name="actions" value={actions} onChange={setActions} required />
        <Field label="Resource ARNs (* for all)" name="resources" value={resources} onChange={setResources} />
        <div className="field">
          <label htmlFor="sim-context">Context keys, one <code>key=value</code> per line (commas make a list)</label>
          <textarea id="sim-context" name="context" rows={3} value={context} onChange={(e) => setContext(e.target.value)} placeholder={'aws:MultiFactorAuthPresent=true\naws:SourceIp=203.0.113.7'} />
        </div>
        <ErrorBox error={a.error} />
        <button type="submit" className="primary" disabled={a.busy}>Run simulation</button>
      </form>
      {results ? (
        <Section title="Results">
          <ul className="results" aria-live="polite">
            {results.map((r, i) => (
              <li key={i} className={r.EvalDecision === 'allowed' ? 'allowed' : 'denied'}>
                <p><strong data-testid="sim-decision">{r.EvalDecision}</strong> · <code>{r.EvalActionName}</code> on <code>{r.EvalResourceName ?? '*'}</code></p>
                {(r.MatchedStatements ?? []).length > 0 ? (
                  <>
                    <p>Deciding statements:</p>
                    <ul>
                      {(r.MatchedStatements ?? []).map((s, j) => (
                        <li key={j}><code>{s.SourcePolicyId}</code> ({s.SourcePolicyType}){s.StartPosition ? `, lines ${s.StartPosition.Line}–${s.EndPosition?.Line ?? s.StartPosition.Line}` : ''}</li>
                      ))}
                    </ul>
                    {mode === 'custom' ? <Highlighted text={policy} statements={r.MatchedStatements ?? []} /> : null}
                  </>
                ) : <p>No statement matched.</p>}
                {(r.MissingContextValues ?? []).length > 0 ? <p>Missing context keys: {(r.MissingContextValues ?? []).join(', ')}</p> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </>
  );
}
