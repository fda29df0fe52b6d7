/**
 * A formula input with live validation: the engine's check (run in the worker, debounced) marks the character where
 * the problem is, says what is wrong in plain words, and the field is announced as invalid.
 */
import { useId } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import type { RulebookProblem } from '../../../../models/service/rulebook-jobs';

export interface FormulaFieldProps {
  label: string;
  /** The rulebook path the check names, e.g. 'bands.list[2].when'. */
  path: string;
  value: string;
  onChange(text: string): void;
  hint?: string;
  rows?: number;
}

/** The problem's token: from the position to the end of the word there (or the one character). */
export function markedRange(text: string, position: number): [number, number] {
  if (position < 0 || position >= text.length) return [text.length, text.length];
  const word = /^[A-Za-z_][\w.]*/.exec(text.slice(position));
  return [position, position + (word ? word[0].length : 1)];
}

export function FormulaField({ label, path, value, onChange, hint, rows = 2 }: FormulaFieldProps) {
  const store = useAppStore();
  const id = useId();
  const check = useAppState((s) => s.rulebookCheck);
  const draft = useAppState((s) => s.rulebookDraft);
  const current = check.of === draft && check.state === 'done';
  const problems: RulebookProblem[] = current ? (check.result?.problems.filter((p) => p.path === path && p.severity === 'error') ?? []) : [];
  const problem = problems[0];
  const describedBy = [hint ? `${id}-hint` : '', `${id}-status`].filter(Boolean).join(' ');
  return (
    <div className={`formula-field${problem ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        className="formula-input"
        data-path={path}
        value={value}
        rows={rows}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => store.getState().sealUndo()}
      />
      <div id={`${id}-status`} className="formula-status" aria-live="polite">
        {problem ? <FormulaProblem text={value} problem={problem} /> : current ? <span className="formula-ok">✓ This formula reads correctly.</span> : <span className="muted">Checking…</span>}
      </div>
    </div>
  );
}

function FormulaProblem({ text, problem }: { text: string; problem: RulebookProblem }) {
  const position = problem.position;
  if (position === undefined || position < 0) return <p className="formula-message">{problem.message}</p>;
  const [from, to] = markedRange(text, position);
  return (
    <div className="formula-problem">
      <code className="formula-echo" aria-hidden="true">
        {text.slice(0, from)}
        <mark className="formula-mark" data-position={position}>
          {from < text.length ? text.slice(from, to) : '\u00a0'}
        </mark>
        {text.slice(to)}
      </code>
      <p className="formula-message">
        <strong>At character {position + 1}</strong>
        {from < text.length ? ` (“${text.slice(from, to)}”)` : ' (the end)'}: {problem.message}
      </p>
    </div>
  );
}
