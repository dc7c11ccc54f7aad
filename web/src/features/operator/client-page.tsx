import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { PublicationBadge } from '../../components/residence-facts.tsx';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { operatorCommands, operatorQueries, type ClientDetail, type ContractOption, type ManagerUser } from './operator-api.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

const OPTIONS: ContractOption[] = ['resident_portal', 'remote_reading'];

/** A client: its contracts and booked options, its residences, its manager users and their access. */
export function ClientPage() {
  const { t } = useOperatorText();
  const { clientId = '' } = useParams();
  const client = useQuery(operatorQueries.client(clientId));
  return (
    <>
      <p>
        <Link to={operatorLinks.clients()}>{t('clients.back')}</Link>
      </p>
      <QueryState query={client}>{(data) => <ClientContent client={data} />}</QueryState>
    </>
  );
}

function ClientContent({ client }: { client: ClientDetail }) {
  const { t, language } = useOperatorText();
  const { data: me } = useCurrentUser();
  const isAdmin = me?.user?.staffRole === 'admin';
  useDocumentTitle(client.name);
  const residenceName = (id: string) => {
    const residence = client.residences.find((candidate) => candidate.id === id);
    return residence ? residence.buildingCode : id;
  };
  return (
    <>
      <h1>{client.name}</h1>
      <p>{t(`clients.kinds.${client.kind}`)}</p>

      <h2>{t('clients.contractsTitle')}</h2>
      {client.contracts.length === 0 ? (
        <p>{t('clients.noContracts')}</p>
      ) : (
        <TableRegion label={t('clients.contractsCaption', { name: client.name })}>
          <table className="data-table data-table-stacked" aria-label={t('clients.contractsCaption', { name: client.name })}>
            <thead>
              <tr>
                <th scope="col">{t('clients.contract.reference')}</th>
                <th scope="col">{t('clients.contract.options')}</th>
                <th scope="col">{t('clients.contract.startsOn')}</th>
                <th scope="col">{t('clients.contract.endsOn')}</th>
                {isAdmin && <th scope="col">{t('clients.manager.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {client.contracts.map((contract) => (
                <tr key={contract.id}>
                  <th scope="row">{contract.reference}</th>
                  <td data-label={t('clients.contract.options')}>
                    {contract.bookedOptions.length === 0 ? t('clients.contract.noOption') : contract.bookedOptions.map((option) => t(`clients.options.${option}`)).join(', ')}
                  </td>
                  <td data-label={t('clients.contract.startsOn')}>{formatDay(contract.startsOn, language)}</td>
                  <td data-label={t('clients.contract.endsOn')}>{contract.endsOn ? formatDay(contract.endsOn, language) : t('clients.contract.running')}</td>
                  {isAdmin && (
                    <td data-label={t('clients.manager.actions')}>
                      <ContractEditForm contract={contract} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {isAdmin && <NewContractForm client={client} />}

      <h2>{t('clients.residencesTitle')}</h2>
      {client.residences.length === 0 ? (
        <p>{t('clients.noResidences')}</p>
      ) : (
        <ul className="operator-results">
          {client.residences.map((residence) => (
            <li key={residence.id}>
              <Link to={operatorLinks.residence(residence.id)}>
                {residence.buildingCode}
                {residence.name ? ` – ${residence.name}` : ''}
              </Link>{' '}
              <span className="data-muted">{residence.city}</span> <PublicationBadge publishedAt={residence.publishedAt} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('clients.managersTitle')}</h2>
      {client.managers.length === 0 ? (
        <p>{t('clients.noManagers')}</p>
      ) : (
        <TableRegion label={t('clients.managersCaption', { name: client.name })}>
          <table className="data-table data-table-stacked" aria-label={t('clients.managersCaption', { name: client.name })}>
            <thead>
              <tr>
                <th scope="col">{t('clients.manager.name')}</th>
                <th scope="col">{t('clients.manager.email')}</th>
                <th scope="col">{t('clients.manager.rights')}</th>
                <th scope="col">{t('clients.manager.state')}</th>
                {isAdmin && <th scope="col">{t('clients.manager.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {client.managers.map((manager) => (
                <tr key={manager.id}>
                  <th scope="row">{`${manager.firstName} ${manager.lastName}`.trim() || manager.email}</th>
                  <td data-label={t('clients.manager.email')}>{manager.email}</td>
                  <td data-label={t('clients.manager.rights')}>
                    {[
                      manager.isPortalAdmin ? t('clients.manager.portalAdmin') : null,
                      manager.seesAllResidences ? t('clients.manager.seesAll') : manager.residenceIds.map(residenceName).join(', ') || t('clients.manager.noResidence'),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td data-label={t('clients.manager.state')}>
                    {!manager.isActive ? t('clients.manager.closed') : manager.hasPassword ? t('clients.manager.active') : t('clients.manager.invited')}
                  </td>
                  {isAdmin && (
                    <td data-label={t('clients.manager.actions')}>
                      {manager.isActive && (
                        <>
                          <ManagerEditForm manager={manager} residences={client.residences} />
                          <ManagerActions manager={manager} />
                        </>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {isAdmin && <InviteManagerForm client={client} />}
    </>
  );
}

function ManagerActions({ manager }: { manager: ManagerUser }) {
  const { t } = useOperatorText();
  const resend = useStaffAction(() => operatorCommands.resendManagerInvitation(manager.id));
  const deactivate = useStaffAction(() => operatorCommands.deactivateManager(manager.id));
  return (
    <div className="operator-row-actions">
      {!manager.hasPassword && (
        <button type="button" className="button button-secondary" disabled={resend.isPending} onClick={() => resend.mutate(undefined)}>
          {t('clients.manager.resend')}
        </button>
      )}
      <ActionOutcome action={resend} doneText={t('clients.manager.resent', { email: manager.email })} />
      <button type="button" className="button button-secondary" disabled={deactivate.isPending} onClick={() => deactivate.mutate(undefined)}>
        {t('clients.manager.deactivate')}
      </button>
      <ActionOutcome action={deactivate} doneText={t('clients.manager.deactivated')} />
    </div>
  );
}

function OptionBoxes({ value, onChange }: { value: ContractOption[]; onChange: (options: ContractOption[]) => void }) {
  const { t } = useOperatorText();
  return (
    <fieldset className="operator-fieldset">
      <legend>{t('clients.contract.options')}</legend>
      {OPTIONS.map((option) => (
        <label key={option} className="operator-check">
          <input
            type="checkbox"
            checked={value.includes(option)}
            onChange={(event) => onChange(event.target.checked ? [...value, option] : value.filter((candidate) => candidate !== option))}
          />
          {t(`clients.options.${option}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** A contract's booked options (« Portail résident » on or off) and its end date (empty: running). */
function ContractEditForm({ contract }: { contract: ClientDetail['contracts'][number] }) {
  const { t } = useOperatorText();
  const endsOnId = useId();
  const [options, setOptions] = useState<ContractOption[]>(contract.bookedOptions);
  const [endsOn, setEndsOn] = useState(contract.endsOn ?? '');
  const save = useStaffAction(() => operatorCommands.editContract(contract.id, { bookedOptions: options, endsOn: endsOn || null }));
  const unchanged = sameMembers(options, contract.bookedOptions) && endsOn === (contract.endsOn ?? '');
  return (
    <form
      className="operator-row-actions"
      aria-label={t('clients.contract.editOf', { reference: contract.reference })}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(undefined);
      }}
    >
      <OptionBoxes value={options} onChange={setOptions} />
      <div className="operator-inline-form">
        <label htmlFor={endsOnId}>{t('clients.contract.endsOnEdit')}</label>
        <input id={endsOnId} type="date" min={contract.startsOn} value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
      </div>
      <button type="submit" className="button button-secondary" disabled={unchanged || save.isPending}>
        {t('clients.contract.save')}
      </button>
      <ActionOutcome action={save} doneText={t('clients.contract.saved')} />
    </form>
  );
}

function NewContractForm({ client }: { client: ClientDetail }) {
  const { t } = useOperatorText();
  const [reference, setReference] = useState('');
  const [options, setOptions] = useState<ContractOption[]>(['resident_portal']);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const create = useStaffAction(() =>
    operatorCommands.createContract(client.id, { reference: reference.trim(), bookedOptions: options, startsOn, endsOn: endsOn || null }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, { onSuccess: () => setReference('') });
  };
  return (
    <section className="panel" aria-labelledby="new-contract-title">
      <h2 id="new-contract-title">{t('clients.newContractTitle')}</h2>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('clients.contract.reference')}
          <input required maxLength={50} value={reference} onChange={(event) => setReference(event.target.value)} />
        </label>
        <OptionBoxes value={options} onChange={setOptions} />
        <label>
          {t('clients.contract.startsOn')}
          <input required type="date" value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
        </label>
        <label>
          {t('clients.contract.endsOnOptional')}
          <input type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('clients.addContract')}
          </button>
        </div>
      </form>
      <ActionOutcome action={create} doneText={t('clients.contractAdded')} />
    </section>
  );
}

function sameMembers<T>(left: readonly T[], right: readonly T[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}

/** What a manager is given: their names, their rights and the residences they see. */
interface ManagerAccess {
  firstName: string;
  lastName: string;
  isPortalAdmin: boolean;
  seesAllResidences: boolean;
  residenceIds: string[];
}

/** A manager's names, rights and residences (one box each, unless they see them all): the invitation's and the edit's fields. */
function ManagerAccessFields({
  residences,
  value,
  onChange,
}: {
  residences: ClientDetail['residences'];
  value: ManagerAccess;
  onChange: (value: ManagerAccess) => void;
}) {
  const { t } = useOperatorText();
  const set = <Key extends keyof ManagerAccess>(key: Key, field: ManagerAccess[Key]) => onChange({ ...value, [key]: field });
  return (
    <>
      <label>
        {t('clients.manager.firstName')}
        <input maxLength={100} value={value.firstName} onChange={(event) => set('firstName', event.target.value)} />
      </label>
      <label>
        {t('clients.manager.lastName')}
        <input maxLength={100} value={value.lastName} onChange={(event) => set('lastName', event.target.value)} />
      </label>
      <label className="operator-check">
        <input type="checkbox" checked={value.isPortalAdmin} onChange={(event) => set('isPortalAdmin', event.target.checked)} />
        {t('clients.manager.portalAdmin')}
      </label>
      <label className="operator-check">
        <input type="checkbox" checked={value.seesAllResidences} onChange={(event) => set('seesAllResidences', event.target.checked)} />
        {t('clients.manager.seesAll')}
      </label>
      {!value.seesAllResidences && residences.length > 0 && (
        <fieldset className="operator-fieldset">
          <legend>{t('clients.manager.residences')}</legend>
          {residences.map((residence) => (
            <label key={residence.id} className="operator-check">
              <input
                type="checkbox"
                checked={value.residenceIds.includes(residence.id)}
                onChange={(event) =>
                  set('residenceIds', event.target.checked ? [...value.residenceIds, residence.id] : value.residenceIds.filter((id) => id !== residence.id))
                }
              />
              {residence.buildingCode}
              {residence.name ? ` – ${residence.name}` : ''}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}

/**
 * A manager's names and rights after the invitation, and the residences they see. The residences
 * are set first: a refusal there leaves the names and rights as they were.
 */
function ManagerEditForm({ manager, residences }: { manager: ManagerUser; residences: ClientDetail['residences'] }) {
  const { t } = useOperatorText();
  const [access, setAccess] = useState<ManagerAccess>({
    firstName: manager.firstName,
    lastName: manager.lastName,
    isPortalAdmin: manager.isPortalAdmin,
    seesAllResidences: manager.seesAllResidences,
    residenceIds: manager.residenceIds,
  });
  const firstName = access.firstName.trim();
  const lastName = access.lastName.trim();
  const residencesChanged = !access.seesAllResidences && !sameMembers(access.residenceIds, manager.residenceIds);
  const rightsChanged =
    firstName !== manager.firstName ||
    lastName !== manager.lastName ||
    access.isPortalAdmin !== manager.isPortalAdmin ||
    access.seesAllResidences !== manager.seesAllResidences;
  const save = useStaffAction(async () => {
    if (residencesChanged) await operatorCommands.setManagerResidences(manager.id, access.residenceIds);
    if (rightsChanged) {
      await operatorCommands.editManager(manager.id, { firstName, lastName, isPortalAdmin: access.isPortalAdmin, seesAllResidences: access.seesAllResidences });
    }
  });
  const name = `${manager.firstName} ${manager.lastName}`.trim() || manager.email;
  return (
    <details className="operator-details">
      <summary>
        {t('clients.manager.edit')}
        <span className="visually-hidden"> {name}</span>
      </summary>
      <form
        className="operator-form"
        aria-label={t('clients.manager.editOf', { name })}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(undefined);
        }}
      >
        <ManagerAccessFields residences={residences} value={access} onChange={setAccess} />
        <div>
          <button type="submit" className="button button-secondary" disabled={!(rightsChanged || residencesChanged) || save.isPending}>
            {t('clients.manager.save')}
          </button>
        </div>
      </form>
      <ActionOutcome action={save} doneText={t('clients.manager.saved')} />
    </details>
  );
}

function InviteManagerForm({ client }: { client: ClientDetail }) {
  const { t } = useOperatorText();
  const [email, setEmail] = useState('');
  const [access, setAccess] = useState<ManagerAccess>({ firstName: '', lastName: '', isPortalAdmin: false, seesAllResidences: false, residenceIds: [] });
  const invite = useStaffAction(() =>
    operatorCommands.inviteManager(client.id, {
      email: email.trim(),
      firstName: access.firstName.trim(),
      lastName: access.lastName.trim(),
      isPortalAdmin: access.isPortalAdmin,
      seesAllResidences: access.seesAllResidences,
      residenceIds: access.seesAllResidences ? [] : access.residenceIds,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(undefined, { onSuccess: () => setEmail('') });
  };
  return (
    <section className="panel" aria-labelledby="invite-manager-title">
      <h2 id="invite-manager-title">{t('clients.inviteTitle')}</h2>
      <p>{t('clients.inviteText')}</p>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('clients.manager.email')}
          <input required type="email" maxLength={254} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <ManagerAccessFields residences={client.residences} value={access} onChange={setAccess} />
        <div>
          <button type="submit" className="button button-primary" disabled={invite.isPending}>
            {t('clients.invite')}
          </button>
        </div>
      </form>
      <ActionOutcome action={invite} doneText={t('clients.invited')} />
    </section>
  );
}
