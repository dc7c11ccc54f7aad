import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { TypedCodes } from './assistance-inbox-page.tsx';
import { ASSISTANCE_STATUSES, operatorCommands, operatorQueries, type AssistanceRequestDetail, type AssistanceStatus } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

/** One assistance request: what the person wrote and typed, the replies sent, and the ways to answer. */
export function AssistanceRequestPage() {
  const { t } = useOperatorText();
  const { requestId = '' } = useParams();
  const request = useQuery(operatorQueries.assistanceRequest(requestId));
  return (
    <>
      <p>
        <Link to={operatorLinks.assistance()}>{t('assistance.back')}</Link>
      </p>
      <QueryState query={request}>{(data) => <RequestContent request={data} />}</QueryState>
    </>
  );
}

function RequestContent({ request }: { request: AssistanceRequestDetail }) {
  const { t, language } = useOperatorText();
  const title = t('assistance.requestTitle', { reference: request.reference });
  useDocumentTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <dl className="fact-list">
        <div>
          <dt>{t('assistance.columns.receivedAt')}</dt>
          <dd>{formatInstantDateTime(request.createdAt, language)}</dd>
        </div>
        <div>
          <dt>{t('assistance.columns.status')}</dt>
          <dd>
            <span className={`status-badge operator-status-${request.status}`}>{t(`assistance.statuses.${request.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('assistance.name')}</dt>
          <dd>{request.name}</dd>
        </div>
        <div>
          <dt>{t('assistance.email')}</dt>
          <dd>
            <a href={`mailto:${request.email}`}>{request.email}</a>
          </dd>
        </div>
        <div>
          <dt>{t('assistance.phone')}</dt>
          <dd>{request.phone ?? <span className="data-muted">{t('notProvided')}</span>}</dd>
        </div>
        <div>
          <dt>{t('assistance.columns.codes')}</dt>
          <dd>
            <TypedCodes request={request} />
          </dd>
        </div>
      </dl>
      <h2>{t('assistance.message')}</h2>
      <blockquote className="operator-message">{request.message}</blockquote>

      <QuickCodesPanel request={request} />
      <ReplyPanel request={request} />
      <StatusPanel request={request} />

      <h2>{t('assistance.repliesTitle')}</h2>
      {request.replies.length === 0 ? (
        <p>{t('assistance.noReplies')}</p>
      ) : (
        <ol className="operator-replies">
          {request.replies.map((reply) => (
            <li key={reply.id}>
              <p className="data-muted">{t('assistance.replyBy', { name: reply.staffName, date: formatInstantDateTime(reply.createdAt, language) })}</p>
              <p className="operator-message">{reply.text}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** The usual answer in one click: the building code and the dwelling reference of the dwelling the request points to. */
function QuickCodesPanel({ request }: { request: AssistanceRequestDetail }) {
  const { t } = useOperatorText();
  const fieldId = useId();
  const [dwellingCode, setDwellingCode] = useState('');
  const send = useStaffAction(() => operatorCommands.sendAssistanceCodes(request.id, dwellingCode.trim() || undefined));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(undefined);
  };
  return (
    <section className="panel" aria-labelledby="quick-codes-title">
      <h2 id="quick-codes-title">{t('assistance.codesTitle')}</h2>
      <p>{t('assistance.codesText')}</p>
      <form className="operator-form" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('assistance.codesDwelling')}</label>
        <input id={fieldId} inputMode="numeric" maxLength={8} value={dwellingCode} onChange={(event) => setDwellingCode(event.target.value)} />
        <div>
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {t('assistance.codesSend')}
          </button>
        </div>
      </form>
      <ActionOutcome action={send} doneText={t('assistance.codesSent', { email: request.email })} />
    </section>
  );
}

function ReplyPanel({ request }: { request: AssistanceRequestDetail }) {
  const { t } = useOperatorText();
  const fieldId = useId();
  const [text, setText] = useState('');
  const reply = useStaffAction(() => operatorCommands.replyToAssistance(request.id, text.trim()));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reply.mutate(undefined, { onSuccess: () => setText('') });
  };
  return (
    <section className="panel" aria-labelledby="reply-title">
      <h2 id="reply-title">{t('assistance.replyTitle')}</h2>
      <form className="operator-form" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('assistance.replyLabel', { email: request.email })}</label>
        <textarea id={fieldId} required rows={6} maxLength={8000} value={text} onChange={(event) => setText(event.target.value)} />
        <div>
          <button type="submit" className="button button-primary" disabled={reply.isPending || text.trim() === ''}>
            {t('assistance.replySend')}
          </button>
        </div>
      </form>
      <ActionOutcome action={reply} doneText={t('assistance.replySent', { email: request.email })} />
    </section>
  );
}

function StatusPanel({ request }: { request: AssistanceRequestDetail }) {
  const { t } = useOperatorText();
  const fieldId = useId();
  const [status, setStatus] = useState<AssistanceStatus>(request.status);
  const change = useStaffAction(() => operatorCommands.setAssistanceStatus(request.id, status));
  return (
    <form
      className="operator-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate(undefined);
      }}
    >
      <label htmlFor={fieldId}>{t('assistance.columns.status')}</label>
      <select id={fieldId} value={status} onChange={(event) => setStatus(event.target.value as AssistanceStatus)}>
        {ASSISTANCE_STATUSES.map((candidate) => (
          <option key={candidate} value={candidate}>
            {t(`assistance.statuses.${candidate}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-secondary" disabled={status === request.status || change.isPending}>
        {t('assistance.statusChange')}
      </button>
      <ActionOutcome action={change} doneText={t('assistance.statusChanged')} />
    </form>
  );
}
