/**
 * The seed's setup order: subscribe, choose the sync model, connect QuickBooks, activate. Each step needs
 * the ones before it, so a firm is never connected to QuickBooks without having chosen how it syncs.
 */
export interface SetupProgress {
  subscribed: boolean;
  syncModel: number | null;
  connected: boolean;
}

export type SetupStep = 'choose_model' | 'connect' | 'activate';

const NEEDS: Record<SetupStep, Array<keyof SetupProgress>> = {
  choose_model: ['subscribed'],
  connect: ['subscribed', 'syncModel'],
  activate: ['subscribed', 'syncModel', 'connected'],
};

const MISSING: Record<keyof SetupProgress, string> = {
  subscribed: 'a subscription',
  syncModel: 'a sync model',
  connected: 'a connected QuickBooks company',
};

/** What is missing before `step`, in the order the firm should do it, as people read it. */
export function missingBefore(step: SetupStep, progress: SetupProgress): string[] {
  return NEEDS[step].filter((need) => !progress[need]).map((need) => MISSING[need]);
}
