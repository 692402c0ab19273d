"use client";

import { useCallback, useSyncExternalStore } from "react";
import { ResendVerificationButton } from "../auth/resend-verification";
import { Icon } from "./icons";

const DISMISS_KEY = "neuroops:verify-banner-dismissed";
const DISMISS_EVENT = "neuroops:verify-banner";
let dismissedInMemory = false; // when sessionStorage is blocked

function subscribe(onChange: () => void) {
  window.addEventListener(DISMISS_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(DISMISS_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

function readDismissed(): boolean {
  if (dismissedInMemory) return true;
  try {
    return window.sessionStorage.getItem(DISMISS_KEY) === "1";
  } catch {
    return false;
  }
}

/** Reminds an unconfirmed user to confirm their email; can be hidden for the rest of the browser session. */
export function VerifyEmailBanner({ email }: { email: string }) {
  // The server never knows about the dismissal: it renders the banner, the browser may then hide it.
  const dismissed = useSyncExternalStore(subscribe, readDismissed, () => false);
  const dismiss = useCallback(() => {
    try {
      window.sessionStorage.setItem(DISMISS_KEY, "1");
    } catch {
      dismissedInMemory = true; // hidden until the next full page load only
    }
    window.dispatchEvent(new Event(DISMISS_EVENT));
  }, []);

  if (dismissed) return null;
  return (
    <section aria-label="Email confirmation" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-950 lg:px-8">
      <div className="flex items-start gap-3">
        <p className="min-w-0 flex-1">
          <span className="font-medium">Confirm your email address:</span> we sent a link to <span className="font-medium break-all">{email}</span>.{" "}
          <ResendVerificationButton email={email} appearance="link" />
        </p>
        <button
          type="button"
          onClick={dismiss}
          className="shrink-0 rounded p-0.5 text-amber-900/70 hover:bg-amber-100 hover:text-amber-950"
          aria-label="Hide this reminder"
        >
          <Icon name="close" />
        </button>
      </div>
    </section>
  );
}
