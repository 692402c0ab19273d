import { z } from "zod";
import { tenantRoute } from "@/server/api/tenant-route";
import { renderDocumentPdf } from "@/server/modules/accounting/documents/pdf";
import { documentPdfData, withLogoBytes } from "@/server/modules/accounting/documents/pdf-data";
import { NotFound } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/accounting/documents/<id>/pdf?tenant=<id>: the PDF of a posted invoice, bill or
 * credit note, for every member (viewers included), rendered from the document as saved.
 * `?download=1` asks the browser to save it rather than show it.
 */
export const GET = tenantRoute({ route: "/api/accounting/documents/[id]/pdf" }, async (request, ctx) => {
  const url = new URL(request.url);
  const parsed = z.uuid().safeParse(url.pathname.split("/").at(-2));
  if (!parsed.success) throw new NotFound("This document does not exist.");
  const data = await withLogoBytes(await ctx.withTenant((tx) => documentPdfData(tx, parsed.data)));
  const pdf = await renderDocumentPdf(data);
  const disposition = url.searchParams.get("download") ? "attachment" : "inline";
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-length": String(pdf.length),
      "content-disposition": `${disposition}; filename="${data.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
});
