import { useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { SIGNUP_CODE_LENGTH } from '#shared/contracts/signup.ts';
import type { SignupText } from './signup-i18n.ts';

/**
 * Six digit boxes: typing moves on, Backspace moves back, and pasting (or a phone's one-time-code
 * suggestion) fills them all.
 */
export function CodeBoxes({ digits, onChange, t, describedBy }: { digits: string[]; onChange: (digits: string[]) => void; t: SignupText; describedBy?: string }) {
  const boxes = useRef<Array<HTMLInputElement | null>>([]);

  function fillFrom(position: number, typed: string) {
    const incoming = typed.replace(/\D/g, '').slice(0, SIGNUP_CODE_LENGTH - position).split('');
    if (incoming.length === 0) return;
    const next = [...digits];
    incoming.forEach((digit, offset) => {
      next[position + offset] = digit;
    });
    onChange(next);
    boxes.current[Math.min(position + incoming.length, SIGNUP_CODE_LENGTH - 1)]?.focus();
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>, position: number) {
    event.preventDefault();
    const pasted = event.clipboardData.getData('text');
    // A whole code fills from the first box, wherever it was pasted.
    fillFrom(pasted.replace(/\D/g, '').length >= SIGNUP_CODE_LENGTH ? 0 : position, pasted);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>, position: number) {
    if (event.key === 'Backspace' && !digits[position] && position > 0) {
      const next = [...digits];
      next[position - 1] = '';
      onChange(next);
      boxes.current[position - 1]?.focus();
      event.preventDefault();
    }
    if (event.key === 'ArrowLeft' && position > 0) boxes.current[position - 1]?.focus();
    if (event.key === 'ArrowRight' && position < SIGNUP_CODE_LENGTH - 1) boxes.current[position + 1]?.focus();
  }

  return (
    <div className="code-boxes">
      {digits.map((digit, position) => (
        <input
          key={position}
          ref={(element) => {
            boxes.current[position] = element;
          }}
          className="code-box"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete={position === 0 ? 'one-time-code' : 'off'}
          aria-label={t('verification.digit', { position: position + 1 })}
          aria-describedby={describedBy}
          value={digit}
          onChange={(event) => {
            const typed = event.target.value;
            if (typed === '') {
              const next = [...digits];
              next[position] = '';
              onChange(next);
            } else fillFrom(position, typed.slice(digit ? 1 : 0) || typed);
          }}
          onPaste={(event) => onPaste(event, position)}
          onKeyDown={(event) => onKeyDown(event, position)}
        />
      ))}
    </div>
  );
}
