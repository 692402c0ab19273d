import { TRPCReactProvider } from "@/trpc/client";

export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
