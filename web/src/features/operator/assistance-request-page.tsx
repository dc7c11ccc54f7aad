import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { TypedCodes } from './assistance-inbox-page.tsx';
import { ASSISTANCE_STATUSES, operatorCommands, operatorQueries, type AssistanceRequestDetail, type AssistanceStatus, type CodeReplyDraft } from './operator-api.ts';
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

      <ReplyPanel request={request} />
      <StatusPanel request={request} />

      <h2>{t('assistance.repliesTitle')}</h2>
      {request.replies.length === 0 ? (
        <p>{t('assistance.noReplies')}</p>
      ) : (
        <ol className="operator-replies">
          {request.replies.map((reply) => (
            <li key={reply.id}>
              <p className="data-muted">
                {t('assistance.replyBy', { name: reply.staffDisplayName, date: formatInstantDateTime(reply.createdAt, language) })}
                {reply.delivery && ` · ${t(`assistance.delivery.${reply.delivery}`)}`}
              </p>
              <p className="operator-message">{reply.bodyText}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/**
 * Reply by email. The usual answer is one click away: « Préparer la réponse avec les codes »
 * drafts it with the building code and dwelling reference of the dwelling the request points to
 * (or of the dwelling code the agent types), to read over before sending.
 */
function ReplyPanel({ request }: { request: AssistanceRequestDetail }) {
  const { t } = useOperatorText();
  const queryClient = useQueryClient();
  const replyId = useId();
  const dwellingId = useId();
  const [text, setText] = useState('');
  const [dwellingCode, setDwellingCode] = useState('');
  const [draftedFor, setDraftedFor] = useState<CodeReplyDraft['dwelling'] | null>(null);
  const draft = useMutation({
    mutationFn: async () => {
      const code = dwellingCode.trim();
      if (!code) return operatorCommands.draftCodeReply(request.id);
      const found = await queryClient.fetchQuery(operatorQueries.dwellings(code, 1));
      const dwelling = found.items.find((candidate) => candidate.dwellingCode === code);
      if (!dwelling) throw new Error(t('assistance.draftNoDwelling', { code }));
      return operatorCommands.draftCodeReply(request.id, dwelling.id);
    },
    onSuccess: (result) => {
      setText(result.body);
      setDraftedFor(result.dwelling);
    },
  });
  const reply = useStaffAction(() => operatorCommands.replyToAssistance(request.id, { body: text.trim() }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reply.mutate(undefined, {
      onSuccess: () => {
        setText('');
        setDraftedFor(null);
      },
    });
  };
  return (
    <section className="panel" aria-labelledby="reply-title">
      <h2 id="reply-title">{t('assistance.replyTitle')}</h2>
      <div className="operator-subpanel">
        <h3>{t('assistance.codesTitle')}</h3>
        <p>{t('assistance.codesText')}</p>
        <form
          className="operator-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            draft.mutate();
          }}
        >
          <label htmlFor={dwellingId}>{t('assistance.codesDwelling')}</label>
          <input id={dwellingId} inputMode="numeric" maxLength={8} value={dwellingCode} onChange={(event) => setDwellingCode(event.target.value)} />
          <button type="submit" className="button button-secondary" disabled={draft.isPending}>
            {t('assistance.codesDraft')}
          </button>
        </form>
        <div role="status">
          {draftedFor && (
            <p>
              {t('assistance.draftedFor', {
                dwellingCode: draftedFor.dwellingCode,
                buildingCode: draftedFor.buildingCode,
                residence: draftedFor.residenceName ?? draftedFor.city,
              })}
            </p>
          )}
        </div>
        <ActionOutcome action={{ isSuccess: false, error: draft.error }} doneText="" />
      </div>
      <form className="operator-form" onSubmit={submit}>
        <label htmlFor={replyId}>{t('assistance.replyLabel', { email: request.email })}</label>
        <textarea id={replyId} required rows={10} maxLength={8000} value={text} onChange={(event) => setText(event.target.value)} />
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
