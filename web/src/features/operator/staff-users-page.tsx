import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { staffRole as staffRoleSchema } from '#shared/contracts/backoffice.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { operatorCommands, operatorQueries, type StaffUser } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

type StaffRole = z.infer<typeof staffRoleSchema>;
const ROLES: StaffRole[] = ['support', 'data', 'admin'];

/** The operator's staff and their roles; admins invite, change roles and deactivate. */
export function StaffUsersPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('staff.title'));
  const staff = useQuery(operatorQueries.staffUsers());
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
      <QueryState query={staff}>{(data) => <StaffTable users={data.items} />}</QueryState>
      <InviteForm />
    </>
  );
}

function StaffTable({ users }: { users: StaffUser[] }) {
  const { t, language } = useOperatorText();
  return (
    <TableRegion label={t('staff.caption')}>
      <table className="data-table data-table-stacked" aria-label={t('staff.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('staff.columns.name')}</th>
            <th scope="col">{t('staff.columns.email')}</th>
            <th scope="col">{t('staff.columns.role')}</th>
            <th scope="col">{t('staff.columns.state')}</th>
            <th scope="col">{t('staff.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">{user.displayName}</th>
              <td data-label={t('staff.columns.email')}>{user.email}</td>
              <td data-label={t('staff.columns.role')}>{t(`staff.roles.${user.role}`)}</td>
              <td data-label={t('staff.columns.state')}>
                {!user.isActive
                  ? t('staff.states.closed', { date: user.closedAt ? formatInstantDateTime(user.closedAt, language) : '' })
                  : !user.hasPassword
                    ? t('staff.states.invited')
                    : user.hasSecondFactor
                      ? t('staff.states.active')
                      : t('staff.states.noSecondFactor')}
              </td>
              <td data-label={t('staff.columns.actions')}>{user.isActive && <StaffActions user={user} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function StaffActions({ user }: { user: StaffUser }) {
  const { t } = useOperatorText();
  const roleId = useId();
  const [role, setRole] = useState<StaffRole>(user.role);
  const [confirming, setConfirming] = useState(false);
  const changeRole = useStaffAction(() => operatorCommands.changeStaffRole(user.id, role));
  const resend = useStaffAction(() => operatorCommands.resendStaffInvitation(user.id));
  const deactivate = useStaffAction(() => operatorCommands.deactivateStaffUser(user.id));
  return (
    <div className="operator-row-actions">
      <form
        className="operator-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          changeRole.mutate(undefined);
        }}
      >
        <label htmlFor={roleId}>{t('staff.roleOf', { name: user.displayName })}</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as StaffRole)}>
          {ROLES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`staff.roles.${candidate}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary" disabled={role === user.role || changeRole.isPending}>
          {t('staff.changeRole')}
        </button>
      </form>
      <ActionOutcome action={changeRole} doneText={t('staff.roleChanged')} />
      {!user.hasPassword && (
        <>
          <button type="button" className="button button-secondary" disabled={resend.isPending} onClick={() => resend.mutate(undefined)}>
            {t('staff.resend')}
          </button>
          <ActionOutcome action={resend} doneText={t('staff.resent', { email: user.email })} />
        </>
      )}
      <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
        {t('staff.deactivate')}
      </button>
      <ActionOutcome action={deactivate} doneText={t('staff.deactivated')} />
      <ConfirmDialog
        open={confirming}
        title={t('staff.deactivateTitle', { name: user.displayName })}
        confirmLabel={t('staff.deactivate')}
        cancelLabel={t('cancel')}
        busy={deactivate.isPending}
        onConfirm={() => deactivate.mutate(undefined, { onSettled: () => setConfirming(false) })}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('staff.deactivateText')}</p>
      </ConfirmDialog>
    </div>
  );
}

function InviteForm() {
  const { t } = useOperatorText();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('support');
  const invite = useStaffAction(() => operatorCommands.inviteStaffUser({ email: email.trim(), displayName: displayName.trim(), role }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(undefined, {
      onSuccess: () => {
        setEmail('');
        setDisplayName('');
      },
    });
  };
  return (
    <section className="panel" aria-labelledby="invite-staff-title">
      <h2 id="invite-staff-title">{t('staff.inviteTitle')}</h2>
      <p>{t('staff.inviteText')}</p>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('staff.columns.name')}
          <input required maxLength={100} value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
        </label>
        <label>
          {t('staff.columns.email')}
          <input required type="email" maxLength={254} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          {t('staff.columns.role')}
          <select value={role} onChange={(event) => setRole(event.target.value as StaffRole)}>
            {ROLES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`staff.roles.${candidate}`)}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={invite.isPending}>
            {t('staff.invite')}
          </button>
        </div>
      </form>
      <ActionOutcome action={invite} doneText={t('staff.invited')} />
    </section>
  );
}
