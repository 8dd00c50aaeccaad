/**
 * A typed place on a request object for what one stage of the pipeline establishes for later ones
 * (the caller, the validated query, the render plan), keyed by a symbol so nothing else can clash.
 */
export class RequestSlot<T> {
  private readonly key: symbol;

  constructor(description: string) {
    this.key = Symbol(description);
  }

  set(request: object, value: T): void {
    (request as Record<symbol, T>)[this.key] = value;
  }

  get(request: object): T | undefined {
    return (request as Record<symbol, T | undefined>)[this.key];
  }
}
