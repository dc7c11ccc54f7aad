import type { ReactNode } from 'react';
import './data-views.css';

/**
 * A wide table inside a labelled region that scrolls sideways on a phone; the region takes the
 * keyboard focus so that its scrolling can be reached without a mouse.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
