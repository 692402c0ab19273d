import { defineModule } from "../define";
import { DOCUMENT_UPLOADED } from "./events";
import { ingestDocumentJob } from "./jobs";
import { DOCUMENTS_LIMIT, MESSAGES_LIMIT } from "./limits";
import { aiNav } from "./nav";

/** AI: the document library, retrieval (BM25 + vectors), the chat assistant and its tools' registry. */
export const aiModule = defineModule({
  id: "ai",
  jobs: [ingestDocumentJob],
  events: [DOCUMENT_UPLOADED],
  nav: aiNav,
  limits: [DOCUMENTS_LIMIT, MESSAGES_LIMIT],
});
