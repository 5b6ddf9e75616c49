/** Every request the emulator or the gateway answered: tests count upstream calls with it. */
export interface LoggedRequest {
  service: string;
  operation: string;
  time: string;
  status: number;
  /** Who asked: access key id, SSO client id or token prefix (never a secret). */
  caller?: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: Omit<LoggedRequest, 'time'>): void {
    this.entries.push({ ...entry, time: new Date().toISOString() });
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  count(operation: string): number {
    return this.entries.filter((e) => e.operation === operation).length;
  }

  clear(): void {
    this.entries = [];
  }
}
