/** A request body that was sent as JSON but does not parse; handlers answer it with QBO's 2010. */
export class InvalidJson {
  constructor(readonly message: string) {}
}
