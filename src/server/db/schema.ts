// Every module's tables, for Drizzle's typed queries and drizzle-kit generate.
export * from "../modules/accounts/schema";
export * from "../modules/orgs/schema";
export * from "../modules/audit/schema";
export * from "../jobs/schema";
export * from "../modules/crm/schema";
