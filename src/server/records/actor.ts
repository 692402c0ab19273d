import type { MemberRole } from "../modules/orgs/schema";

/** Who is acting on records: every records service takes it (audit, ownership, what they may manage). */
export type RecordActor = { userId: string; role: MemberRole };
