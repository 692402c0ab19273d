/**
 * The reserved tenant that account emails (password reset, verification) are queued
 * under: it has no members and never appears in lists (created by migration 0007).
 */
export const PLATFORM_TENANT_ID = "00000000-0000-0000-0000-000000000001";
