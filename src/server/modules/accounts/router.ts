import { runtimeDb } from "../../db/client";
import { createTRPCRouter, currentUser, protectedProcedure, publicProcedure } from "../../api/trpc";
import { logger } from "../../platform/logger";
import { registerUser } from "./service";
import { registerInput } from "./validation";

export const accountsRouter = createTRPCRouter({
  /** Creates an account; the client then signs in with the same credentials. */
  register: publicProcedure.input(registerInput).mutation(async ({ input }) => {
    const user = await registerUser(runtimeDb(), input);
    logger.info({ event: "user_registered", userId: user.id }, "user registered");
    return { id: user.id, email: user.email };
  }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const user = await currentUser(ctx);
    return { id: user.id, email: user.email, name: user.name, isSuperAdmin: user.isSuperAdmin };
  }),
});
