import { validation } from '../faults.js';
import type { Json, NameList, Row } from '../store.js';
import { checkName, str, type RuleContext } from './common.js';

export interface PersonName {
  Title?: string;
  GivenName?: string;
  MiddleName?: string;
  FamilyName?: string;
  Suffix?: string;
  DisplayName: string;
}

/**
 * The name fields customers, vendors and employees share. QBO fills a missing DisplayName from the parts
 * and refuses a record with no name at all (6080); the result must be free in the shared namespace.
 */
export function personName(ctx: RuleContext, entity: NameList, input: Json, existing: Row | null): PersonName {
  const Title = str(input['Title'], 'Title', 16);
  const GivenName = str(input['GivenName'], 'GivenName', 100);
  const MiddleName = str(input['MiddleName'], 'MiddleName', 100);
  const FamilyName = str(input['FamilyName'], 'FamilyName', 100);
  const Suffix = str(input['Suffix'], 'Suffix', 16);
  let DisplayName = str(input['DisplayName'], 'DisplayName', 500);
  if (DisplayName === undefined) {
    const parts = [Title, GivenName, MiddleName, FamilyName, Suffix].filter((p) => p !== undefined);
    if (parts.length === 0) {
      throw validation(
        '6080',
        'No Name provided',
        'No Name provided : Please provide at least one of the following: DisplayName, Title, GivenName, MiddleName, FamilyName or Suffix.',
        'DisplayName',
      );
    }
    DisplayName = str(parts.join(' '), 'DisplayName', 500) ?? '';
  }
  checkName(ctx, entity, DisplayName, existing);
  return { Title, GivenName, MiddleName, FamilyName, Suffix, DisplayName };
}
