import { withTenant } from "../../db/tenant";
import { addMember, createUser } from "../../../test/fixtures";
import { defineIsolation } from "../../../test/isolation";
import { createInvitation } from "./invitations";

/** Organization settings, members and invitations (test support for the isolation table). */
export const orgsIsolation = defineIsolation({
  module: "orgs",
  async buildFixture({ tenantId, owner, name }) {
    const member = await createUser();
    const removable = await createUser();
    await addMember(tenantId, member.id, "member");
    await addMember(tenantId, removable.id, "member");
    const invitationId = await withTenant({ tenantId, userId: owner.id }, async (tx) => {
      const invitation = await createInvitation(tx, { userId: owner.id, role: "owner", name: owner.name }, { id: tenantId, name }, {
        email: `fixture-${crypto.randomUUID()}@example.test`,
        role: "member",
      });
      return invitation.id;
    });
    return { tenantId, memberId: member.id, removableMemberId: removable.id, invitationId };
  },
  cases: {
    "orgs.current": { minimumRole: "viewer", call: (api) => api.orgs.current() },
    "orgs.settings": { minimumRole: "viewer", call: (api) => api.orgs.settings() },
    "orgs.updateSettings": {
      minimumRole: "admin",
      call: (api, ids) =>
        api.orgs.updateSettings({ name: "Renamed Org", slug: `s-${ids.tenantId.slice(0, 8)}`, baseCurrency: "EUR", timeZone: "Europe/Berlin", fiscalYearStartMonth: 4 }),
    },
    "orgs.removeLogo": { minimumRole: "admin", call: (api) => api.orgs.removeLogo() },
    "members.list": { minimumRole: "viewer", call: (api) => api.members.list() },
    "members.changeRole": { minimumRole: "admin", call: (api, ids) => api.members.changeRole({ userId: ids.memberId, role: "viewer" }) },
    "members.remove": { minimumRole: "admin", fresh: true, call: (api, ids) => api.members.remove({ userId: ids.removableMemberId }) },
    "members.leave": { minimumRole: "viewer", fresh: true, call: (api) => api.members.leave() },
    "invitations.list": { minimumRole: "admin", call: (api) => api.invitations.list() },
    "invitations.create": { minimumRole: "admin", call: (api) => api.invitations.create({ email: `invitee-${crypto.randomUUID()}@example.test`, role: "member" }) },
    "invitations.resend": { minimumRole: "admin", call: (api, ids) => api.invitations.resend({ id: ids.invitationId }) },
    "invitations.revoke": { minimumRole: "admin", call: (api, ids) => api.invitations.revoke({ id: ids.invitationId }) },
  },
  nonTenant: {
    "orgs.create": "own account",
    "orgs.listMine": "own account",
    "invitations.preview": "public",
    "invitations.accept": "own account",
    "invitations.acceptAsNewUser": "public",
  },
});
