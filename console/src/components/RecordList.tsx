// A screen of billing records (payers, fee items): New <record>, editing one in a card above the list,
// and a table of them by name, each with its Edit button for those who may change them.
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { announce } from '../announce';
import { useLoad, useTitle } from '../hooks';
import { canWrite, useSession } from '../session';
import { PageHeading } from './Layout';
import { Empty, ErrorNotice, Loading } from './Notice';
import { ActionsHeading, TableWrap } from './TableWrap';

interface Props<T extends { id: string }> {
  /** 'Payers': the page's title and heading. */
  title: string;
  /** 'payer': one of them, in "New payer". */
  one: string;
  load: () => Promise<T[]>;
  /** The name people know a record by: the rows' first column and their order. */
  nameOf: (record: T) => string;
  /** The column headings after Name. */
  headings: ComponentChildren;
  /** A row's cells after its name. */
  cells: (record: T) => ComponentChildren;
  /** The form for a new record (initial undefined) or for changing one; it calls saved with what the API answered. */
  form: (initial: T | undefined, saved: (record: T) => Promise<void>, cancel: () => void) => ComponentChildren;
}

export function RecordList<T extends { id: string }>({ title, one, load, nameOf, headings, cells, form }: Props<T>) {
  useTitle(title);
  const { user } = useSession();
  const writer = canWrite(user.role);
  const records = useLoad(load, []);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const list = [...(records.data ?? [])].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const some = title.toLowerCase();
  const formTitle = `${one.replace(/ /g, '-')}-form-title`;

  const saved = async (record: T) => {
    announce(`${one.charAt(0).toUpperCase()}${one.slice(1)} ${nameOf(record)} saved`);
    setEditing(null);
    await records.reload(true);
  };

  return (
    <>
      <PageHeading
        actions={
          writer && editing === null ? (
            <button type="button" class="button button-primary" onClick={() => setEditing('new')}>
              {`New ${one}`}
            </button>
          ) : null
        }
      >
        {title}
      </PageHeading>
      {editing !== null ? (
        <section class="card" aria-labelledby={formTitle}>
          <h2 id={formTitle}>{editing === 'new' ? `New ${one}` : `Edit ${nameOf(editing)}`}</h2>
          <Fragment key={editing === 'new' ? 'new' : editing.id}>
            {form(editing === 'new' ? undefined : editing, saved, () => setEditing(null))}
          </Fragment>
        </section>
      ) : null}
      {records.loading && !records.data ? <Loading what={some} /> : null}
      <ErrorNotice error={records.data ? null : records.error} title={`The ${some} could not be loaded.`} />
      {records.data && list.length === 0 ? (
        <Empty>{`No ${some} yet${writer ? `: add the first with New ${one}` : ''}.`}</Empty>
      ) : null}
      {list.length > 0 ? (
        <TableWrap label={title}>
          <table class="data">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {headings}
                {writer ? <ActionsHeading /> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((record) => (
                <tr key={record.id}>
                  <th scope="row">{nameOf(record)}</th>
                  {cells(record)}
                  {writer ? (
                    <td>
                      <button
                        type="button"
                        class="button button-quiet button-small"
                        onClick={() => setEditing(record)}
                        aria-label={`Edit ${nameOf(record)}`}
                      >
                        Edit
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
