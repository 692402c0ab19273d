import { z } from "zod";
import { deliverMail } from "../../platform/mail";
import { defineJob, PermanentJobError } from "../../jobs/define";
import { defineEvent } from "../../jobs/events";

export const emailPayload = z.object({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().optional(),
});
export type EmailPayload = z.infer<typeof emailPayload>;

export const EMAIL_SEND_EVENT = defineEvent<EmailPayload>("email/send");

/**
 * Every email goes out through this job: a failing SMTP server delays mail (retries
 * with backoff) and loses none. The delivery is one step, so a retry after a
 * successful send (e.g. the worker died before settling) does not send twice.
 */
export const sendEmailJob = defineJob({
  id: "email-send",
  event: EMAIL_SEND_EVENT,
  retries: 8,
  async handler({ event, step, logger }) {
    const parsed = emailPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid email event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const receipt = await step.run("deliver", async () => {
      const { messageId, transport } = await deliverMail(parsed.data);
      return { messageId, transport };
    });
    logger.info("email delivered", { to: parsed.data.to, subject: parsed.data.subject, ...receipt });
    return receipt;
  },
});
