// Shown in place of a screen the signed-in role may not use.
import { useTitle } from '../hooks';
import { PageHeading } from './Layout';
import { InfoNotice } from './Notice';

export function NeedsRole({ title, roles }: { title: string; roles: string }) {
  useTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <InfoNotice>
        You need the {roles} role to use {title}. Ask your firm's admin if you need it.
      </InfoNotice>
    </>
  );
}
