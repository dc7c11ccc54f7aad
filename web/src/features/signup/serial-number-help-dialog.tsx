import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DeviceDrawing } from './device-drawings.tsx';
import { useSignupText } from './signup-i18n.ts';

const TABS = ['hot_water', 'cold_water', 'heating'] as const;
type Tab = (typeof TABS)[number];

/** « Trouver mon numéro de série »: one tab per device type, a modal dialog closed by « J'ai compris » or Escape. */
export function SerialNumberHelpDialog({ isOpen, onClose, initialTab }: { isOpen: boolean; onClose: () => void; initialTab?: Tab }) {
  const t = useSignupText();
  const dialog = useRef<HTMLDialogElement>(null);
  const tabButtons = useRef<Array<HTMLButtonElement | null>>([]);
  const [tab, setTab] = useState<Tab>(initialTab ?? 'hot_water');

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);

  function moveBetweenTabs(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const offset = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (offset === 0) return;
    event.preventDefault();
    const next = (index + offset + TABS.length) % TABS.length;
    setTab(TABS[next]!);
    tabButtons.current[next]?.focus();
  }

  return (
    <dialog ref={dialog} className="help-dialog" aria-labelledby="serial-help-title" onClose={onClose}>
      <h2 id="serial-help-title">{t('helpDialog.title')}</h2>
      <div role="tablist" aria-label={t('helpDialog.tabs')} className="help-tabs">
        {TABS.map((device, index) => (
          <button
            key={device}
            ref={(element) => {
              tabButtons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`serial-help-tab-${device}`}
            aria-selected={tab === device}
            aria-controls="serial-help-panel"
            tabIndex={tab === device ? 0 : -1}
            onClick={() => setTab(device)}
            onKeyDown={(event) => moveBetweenTabs(event, index)}
          >
            {t(`identify.deviceTypes.${device}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="serial-help-panel" aria-labelledby={`serial-help-tab-${tab}`} className="help-panel">
        <DeviceDrawing device={tab} label={t(`helpDialog.drawing.${tab}`)} />
        <ol className="help-hints">
          <li>{t(`helpDialog.where.${tab}`)}</li>
          <li>{t('helpDialog.serial')}</li>
          <li>{t('helpDialog.index')}</li>
        </ol>
        <p className="note">{t('helpDialog.commonAreas')}</p>
      </div>
      <button type="button" className="button button-primary" onClick={onClose}>
        {t('helpDialog.understood')}
      </button>
    </dialog>
  );
}
