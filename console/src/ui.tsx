/** Small shared pieces: loading with errors shown as AWS words them, fields, tables, password rules. */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError, type PasswordPolicy } from './api.ts';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.code === 'AccessDenied' || e.message.startsWith(e.code) ? e.message : `${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** An error as an alert: AccessDenied shows AWS's own text; an encoded authorization message folds away. */
export function ErrorBox({ error }: { error: unknown }): ReactNode {
  if (error === undefined || error === null) return null;
  const code = error instanceof ApiError ? error.code : 'Error';
  const text = errorText(error);
  const at = text.indexOf(' Encoded authorization failure message: ');
  const main = at < 0 ? text : text.slice(0, at);
  const encoded = at < 0 ? undefined : text.slice(at + ' Encoded authorization failure message: '.length);
  return (
    <div className="alert error" role="alert">
      <strong>{code === 'AccessDenied' ? 'Access denied' : code}</strong>
      <p>{main}</p>
      {encoded ? (
        <details>
          <summary>Encoded authorization failure message</summary>
          <code className="encoded">{encoded}</code>
        </details>
      ) : null}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }): ReactNode {
  return <div className={`alert ${kind}`} role="status">{children}</div>;
}

/** Loads data on mount (and on `reload()`); keeps the last error. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [n, setN] = useState(0);
  const fn = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    fn().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [fn, n]);
  return { data, error, loading, reload: () => setN((x) => x + 1) };
}

/** Runs an action, tracking busy state and the error. */
export function useAction(): { busy: boolean; error: unknown; run: (f: () => Promise<void>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return {
    busy,
    error,
    clear: () => setError(undefined),
    run: async (f) => {
      setBusy(true);
      setError(undefined);
      try {
        await f();
        return true;
      } catch (e) {
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

export function Field(props: { label: string; value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; required?: boolean; hint?: string; name?: string; inputMode?: 'numeric' | 'text'; autoFocus?: boolean }): ReactNode {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        required={props.required}
        inputMode={props.inputMode}
        autoFocus={props.autoFocus}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

export function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void }): ReactNode {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

export function TextArea(props: { label: string; value: string; onChange: (v: string) => void; rows?: number; describedBy?: string }): ReactNode {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea id={id} className="code" spellCheck={false} rows={props.rows ?? 16} value={props.value} aria-describedby={props.describedBy} onChange={(e) => props.onChange(e.target.value)} />
    </div>
  );
}

/** A page heading that takes focus when the page opens, so screen readers announce the new page. */
export function PageTitle({ children }: { children: ReactNode }): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <h1 tabIndex={-1} ref={ref}>{children}</h1>;
}

export function Table<T>(props: { caption: string; rows: T[]; columns: { header: string; cell: (r: T) => ReactNode }[]; empty?: string; rowKey: (r: T) => string }): ReactNode {
  return (
    <div className="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>{props.columns.map((c) => <th key={c.header} scope="col">{c.header}</th>)}</tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr><td colSpan={props.columns.length}>{props.empty ?? 'None.'}</td></tr>
          ) : (
            props.rows.map((r) => <tr key={props.rowKey(r)}>{props.columns.map((c) => <td key={c.header} data-label={c.header}>{c.cell(r)}</td>)}</tr>)
          )}
        </tbody>
      </table>
    </div>
  );
}

export function ago(iso: unknown, now = Date.now()): string {
  if (typeof iso !== 'string' || iso === '') return 'Never';
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  if (days <= 0) return 'Today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

export function download(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

/** The rules of the account's password policy (AWS's default one when none is set), each with whether `pw` meets it. */
export function passwordRules(policy: PasswordPolicy | null | undefined, pw: string): { text: string; met: boolean }[] {
  const has = (re: RegExp): boolean => re.test(pw);
  const sym = [...pw].some((c) => SYMBOLS.includes(c));
  if (!policy) {
    const classes = [has(/[A-Z]/), has(/[a-z]/), has(/[0-9]/), sym].filter(Boolean).length;
    return [
      { text: 'At least 8 characters', met: [...pw].length >= 8 },
      { text: 'At least three of: uppercase letters, lowercase letters, numbers, symbols', met: classes >= 3 },
      { text: 'Not your account name or email address', met: true },
    ];
  }
  const out = [{ text: `At least ${policy.MinimumPasswordLength} characters`, met: [...pw].length >= policy.MinimumPasswordLength }];
  if (policy.RequireUppercaseCharacters) out.push({ text: 'At least one uppercase letter (A–Z)', met: has(/[A-Z]/) });
  if (policy.RequireLowercaseCharacters) out.push({ text: 'At least one lowercase letter (a–z)', met: has(/[a-z]/) });
  if (policy.RequireNumbers) out.push({ text: 'At least one number (0–9)', met: has(/[0-9]/) });
  if (policy.RequireSymbols) out.push({ text: `At least one symbol (${SYMBOLS})`, met: sym });
  if (policy.PasswordReusePrevention) out.push({ text: `Not one of your last ${policy.PasswordReusePrevention} passwords`, met: true });
  return out;
}

export function PasswordRules({ policy, password, id }: { policy: PasswordPolicy | null | undefined; password: string; id?: string }): ReactNode {
  return (
    <div id={id} className="rules">
      <p>The password must meet the account's password policy:</p>
      <ul>
        {passwordRules(policy, password).map((r) => (
          <li key={r.text} className={password === '' ? '' : r.met ? 'met' : 'unmet'}>
            <span aria-hidden="true">{password === '' ? '•' : r.met ? '✓' : '✗'}</span> {r.text}
            {password !== '' ? <span className="sr-only">{r.met ? ' (met)' : ' (not met)'}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }): ReactNode {
  return <a href={`#${to}`} className={className}>{children}</a>;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }): ReactNode {
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
