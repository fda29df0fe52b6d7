/** What a view shows while it has nothing to show: what is missing, and what to do next. */
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  children: ReactNode;
  /** Buttons that lead to the next step; omitted when the next step is not in this app yet. */
  actions?: ReactNode;
  icon?: 'table' | 'rules' | 'scenario' | 'chart' | 'compare';
}

// Simple line drawings; decorative, so hidden from assistive technology.
const ICONS: Record<NonNullable<EmptyStateProps['icon']>, ReactNode> = {
  table: (
    <>
      <rect x="6" y="10" width="36" height="28" rx="2" />
      <path d="M6 18h36M6 26h36M18 10v28M30 10v28" />
    </>
  ),
  rules: (
    <>
      <rect x="10" y="6" width="28" height="36" rx="2" />
      <path d="M16 15h16M16 22h16M16 29h10" />
    </>
  ),
  scenario: (
    <>
      <circle cx="12" cy="14" r="4" />
      <circle cx="36" cy="14" r="4" />
      <circle cx="24" cy="36" r="4" />
      <path d="M12 18v4c0 4 4 6 12 6m12-10v4c0 4-4 6-12 6m0 0v4" />
    </>
  ),
  chart: (
    <>
      <path d="M8 40h34M8 40V8" />
      <path d="M14 32l8-8 6 5 10-13" />
    </>
  ),
  compare: (
    <>
      <rect x="6" y="14" width="10" height="26" />
      <rect x="20" y="8" width="10" height="32" />
      <path d="M34 22h8M34 28h8" />
    </>
  ),
};

export function EmptyState({ title, children, actions, icon = 'table' }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <svg className="empty-state-icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
        {ICONS[icon]}
      </svg>
      <div className="empty-state-body">
        <h2 id="empty-state-title">{title}</h2>
        {children}
        {actions ? <div className="empty-state-actions">{actions}</div> : null}
      </div>
    </section>
  );
}
