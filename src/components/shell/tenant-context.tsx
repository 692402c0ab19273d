"use client";

import { createContext, useContext } from "react";

/** The id of the organization a tenant page shows (set by the tenant layout), for plain URLs such as members' pictures. */
const TenantIdContext = createContext<string | null>(null);

export function TenantIdProvider({ tenantId, children }: { tenantId: string; children: React.ReactNode }) {
  return <TenantIdContext.Provider value={tenantId}>{children}</TenantIdContext.Provider>;
}

export function useTenantId(): string | null {
  return useContext(TenantIdContext);
}
