import { defineIsolation, noFixture } from "../../../test/isolation";

/** Accounts has no tenant procedures: each one acts on the caller's own account, or on none. */
export const accountsIsolation = defineIsolation({
  module: "accounts",
  buildFixture: noFixture,
  cases: {},
  nonTenant: {
    "accounts.register": "public",
    "accounts.me": "own account",
    "accounts.requestPasswordReset": "public",
    "accounts.resetPassword": "public",
    "accounts.changePassword": "own account",
    "accounts.resendVerification": "own account",
    "accounts.verifyEmail": "public",
    "accounts.sessions": "own account",
    "accounts.endSession": "own account",
    "accounts.endOtherSessions": "own account",
    "accounts.profile": "own account",
    "accounts.updateProfile": "own account",
    "accounts.removeAvatar": "own account",
  },
});
