import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export function SuspendedNotice({ name }: { name: string }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center" role="alert">
      <Logo />
      <h1 className="text-xl font-semibold">{name} is suspended</h1>
      <p className="max-w-md text-sm text-ink-muted">Its data is kept, but nobody can use it until it is restored. Contact support.</p>
      <Link href="/orgs" className="text-sm font-medium text-brand-700 hover:underline">
        Your other organizations
      </Link>
    </main>
  );
}
