/** Who is acting on records: every records service takes it (audit, ownership, what they may manage). */
export type { Actor as RecordActor } from "../db/tenant";
