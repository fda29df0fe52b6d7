/** The frame every view shares: its heading (which takes focus after a shortcut or menu jump) and its lead paragraph. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useAppState } from '../app-context';

export interface ViewPageProps {
  title: string;
  lead: ReactNode;
  children: ReactNode;
}

export function ViewPage({ title, lead, children }: ViewPageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const seq = useAppState((s) => s.navigationSeq);
  const via = useAppState((s) => s.navigatedVia);
  useEffect(() => {
    // Screen readers announce the new view; a nav click keeps focus on the nav, where the user is working.
    if (via === 'shortcut' || via === 'menu' || via === 'link') heading.current?.focus();
  }, [seq, via]);
  return (
    <article className="view" aria-labelledby="view-title">
      <div className="view-header">
        <h1 id="view-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="view-lead">{lead}</p>
      </div>
      {children}
    </article>
  );
}
