import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Logo } from "@/components/ui/logo";

// Rendered per request (not prerendered) so its scripts carry the CSP nonce.
export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  await connection();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <Logo />
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-ink-muted">
        This page does not exist, or it belongs to an organization you are not a member of.
      </p>
      <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
        Go to your workspace
      </Link>
    </main>
  );
}
