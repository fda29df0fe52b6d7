/** Pieces both workbenches share: a sortable column header, and the loading / failed states of an engine answer. */
import type { ReactNode } from 'react';
import type { Answer } from '../../store/workbench';
import type { SortDirection } from '../../charts/workbench';

export interface Sort<K extends string> {
  key: K;
  direction: SortDirection;
}

/** A column header that sorts its table; aria-sort says which column sorts and which way. */
export function SortHeader<K extends string>({ label, column, sort, onSort, numeric }: { label: string; column: K; sort: Sort<K>; onSort: (s: Sort<K>) => void; numeric?: boolean }) {
  const active = sort.key === column;
  const next: SortDirection = active ? (sort.direction === 'desc' ? 'asc' : 'desc') : numeric ? 'desc' : 'asc';
  return (
    <th scope="col" className={numeric ? 'numeric' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="wb-sort" onClick={() => onSort({ key: column, direction: next })}>
        {label}
        {active ? <span aria-hidden="true">{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </button>
    </th>
  );
}

/** Renders the answer's data, or says in plain words that it is being worked out or why it failed. */
export function AnswerBlock<T>({ answer, waiting, failed, children }: { answer: Answer<T>; waiting: string; failed: string; children: (data: T) => ReactNode }) {
  if (answer.state === 'ready') return <>{children(answer.data)}</>;
  if (answer.state === 'failed')
    return (
      <p className="wb-status wb-error" role="alert">
        {failed} {answer.message}
      </p>
    );
  return (
    <p className="wb-status" role="status">
      {waiting}
    </p>
  );
}
