/** A JSON policy editor with live findings from the engine's validatePolicy (the console API's validate-policy). */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { validatePolicy, type Finding } from '../api.ts';
import { TextArea } from '../ui.tsx';

function where(f: Finding): string {
  const at = f.locations[0];
  return at ? `line ${at.start.line}, column ${at.start.column}` : '';
}

export function PolicyEditor({ label, value, onChange, type = 'identity', onFindings }: { label: string; value: string; onChange: (v: string) => void; type?: string; onFindings?: (errors: number) => void }): ReactNode {
  const [findings, setFindings] = useState<Finding[]>([]);
  const [iamError, setIamError] = useState<string>();
  const id = useId();
  const report = useRef(onFindings);
  report.current = onFindings;
  useEffect(() => {
    const t = setTimeout(() => {
      validatePolicy(value, type).then(
        (r) => {
          setFindings(r.findings);
          setIamError(r.iamError ? `${r.iamError.code}: ${r.iamError.message}` : undefined);
          report.current?.(r.findings.filter((f) => f.findingType === 'ERROR').length);
        },
        () => undefined,
      );
    }, 300);
    return () => clearTimeout(t);
  }, [value, type]);
  return (
    <div className="policy-editor">
      <TextArea label={label} value={value} onChange={onChange} describedBy={`${id}-findings`} />
      <div id={`${id}-findings`} className="findings" aria-live="polite">
        {findings.length === 0 ? <p className="ok">No findings.</p> : (
          <ul>
            {findings.map((f, i) => (
              <li key={i} className={`finding ${f.findingType.toLowerCase()}`}>
                <strong>{f.findingType}</strong> {f.issueCode} <span className="muted">{where(f)}</span>: {f.message}
              </li>
            ))}
          </ul>
        )}
        {iamError ? <p className="inline-error">IAM would refuse it: {iamError}</p> : null}
      </div>
    </div>
  );
}
