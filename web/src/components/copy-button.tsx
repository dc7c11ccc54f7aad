import { useState } from 'react';
import './data-views.css';

interface CopyButtonProps {
  text: string;
  label: string;
  doneText: string;
  failedText: string;
}

/** Copies `text` to the clipboard and says so in a polite live region. */
export function CopyButton({ text, label, doneText, failedText }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('done');
    } catch {
      setOutcome('failed');
    }
  };
  return (
    <p className="copy-button">
      <button type="button" className="button button-secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="copy-button-outcome">
        {outcome === 'done' ? doneText : outcome === 'failed' ? failedText : ''}
      </span>
    </p>
  );
}
