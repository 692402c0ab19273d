import { z } from "zod";

export const organizationNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(80, "Use at most 80 characters.");

export const createOrganizationInput = z.object({ name: organizationNameSchema });
