export interface Session {
  id: string;
  expiresAt: Date;
}

const IDLE_MINUTES = 30;

/** [impl~session-touch~1->dsn~session.timer~1] */
export function touch(session: Session, now: Date): void {
  session.expiresAt = new Date(now.getTime() + IDLE_MINUTES * 60_000);
}
