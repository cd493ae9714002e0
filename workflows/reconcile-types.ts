export interface ReconcileInput {
  firmId: string;
  /** QBO's time of the last CDC poll applied; changes since then are fetched next. */
  cursor?: string | null;
  /** The CDC backstop's interval. */
  pollSeconds: number;
}
