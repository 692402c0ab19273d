"use client";

import Link from "next/link";
import { Badge } from "@/components/inventory/parts";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import type { AnswerMode, Citation } from "@/server/modules/ai/chat/protocol";
import type { MemberRole } from "@/server/modules/orgs/roles";
import type { ChatProblem } from "./chat-stream";
import { citationLink } from "./links";
import { passagePlace } from "./passage-search";
import { LimitNotice } from "./plan-notices";
import { splitCitationMarkers, spokenText, toolActivity } from "./text";
import type { ToolActivityState } from "./use-chat";

/* An assistant's answer: how it was made, the tools it ran, its text with [n] links, its sources, "Read aloud". */

export const MODE_LABELS: Record<Exclude<AnswerMode, "model">, string> = {
  extractive: "Extractive answer: the most relevant passages, quoted",
  error: "Incomplete answer: it was stopped, timed out or the model failed",
};

const RECORD_LABELS: Record<Extract<Citation, { kind: "record" }>["recordType"], string> = {
  contact: "Contact",
  company: "Company",
  deal: "Deal",
  invoice: "Invoice",
  bill: "Bill",
  product: "Product",
  account: "Account",
};

function citationName(citation: Citation): string {
  return citation.kind === "passage" ? citation.documentTitle : `${RECORD_LABELS[citation.recordType]}: ${citation.label}`;
}

function AnswerText({ slug, text, citations }: { slug: string; text: string; citations: Citation[] }) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  return (
    <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-ink">
      {splitCitationMarkers(text, new Set(byNumber.keys())).map((segment, index) => {
        if (segment.kind === "text") return <span key={index}>{segment.text}</span>;
        const citation = byNumber.get(segment.n)!;
        return (
          <Link
            key={index}
            href={citationLink(slug, citation)}
            aria-label={`Source ${segment.n}: ${citationName(citation)}`}
            className="mx-0.5 rounded bg-brand-50 px-1 align-baseline text-xs font-semibold text-brand-700 hover:underline"
          >
            [{segment.n}]
          </Link>
        );
      })}
    </div>
  );
}

function Citations({ slug, citations }: { slug: string; citations: Citation[] }) {
  if (citations.length === 0) return null;
  return (
    <div className="flex flex-col gap-1.5 border-t border-gray-100 pt-2">
      <p className="text-xs font-medium uppercase tracking-wide text-ink-faint">Sources</p>
      <ol aria-label="Sources" className="flex flex-col gap-1.5">
        {citations.map((citation) => {
          const place = citation.kind === "passage" ? passagePlace(citation) : null;
          return (
            <li key={`${citation.kind}-${citation.n}`} className="flex gap-2 text-sm">
              <span className="shrink-0 font-semibold text-ink-faint">[{citation.n}]</span>
              <div className="min-w-0">
                <Link href={citationLink(slug, citation)} className="font-medium text-brand-700 hover:underline">
                  {citationName(citation)}
                </Link>
                {place && <span className="text-ink-muted"> · {place}</span>}
                {citation.kind === "passage" && citation.excerpt && <p className="line-clamp-2 text-xs text-ink-muted">{citation.excerpt}</p>}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export type AnswerView = {
  key: string;
  text: string;
  citations: Citation[];
  mode: AnswerMode | null;
  notice: string | null;
  tools: ToolActivityState[];
  state: "waiting" | "streaming" | "done" | "stopped" | "failed";
  problem: ChatProblem | null;
};

export function Answer({
  slug,
  role,
  answer,
  readAloud,
}: {
  slug: string;
  role: MemberRole;
  answer: AnswerView;
  readAloud: { supported: boolean; speaking: string | null; toggle: (key: string, text: string) => void };
}) {
  const running = answer.state === "waiting" || answer.state === "streaming";
  const toolsRunning = answer.tools.filter((tool) => tool.status === "started");
  const speakingThis = readAloud.speaking === answer.key;
  return (
    <article aria-label="Assistant's answer" aria-busy={running || undefined} className="flex flex-col gap-2 rounded-card border border-gray-200 bg-white p-4 shadow-sm">
      {answer.mode && answer.mode !== "model" && (
        <div className="flex flex-col items-start gap-1">
          <Badge tone="amber">{MODE_LABELS[answer.mode]}</Badge>
        </div>
      )}
      {answer.notice && <p className="text-xs text-amber-900">{answer.notice}</p>}

      {answer.tools.length > 0 && (
        <ul aria-label="What the assistant looked up" className="flex flex-wrap gap-1.5">
          {answer.tools.map((tool, index) => (
            <li key={`${tool.name}-${index}`}>
              <Badge tone={tool.status === "failed" ? "red" : tool.status === "started" ? "brand" : "gray"}>{toolActivity(tool.name, tool.status)}</Badge>
            </li>
          ))}
        </ul>
      )}

      {answer.text ? (
        <AnswerText slug={slug} text={answer.text} citations={answer.citations} />
      ) : running && toolsRunning.length === 0 ? (
        <div className="flex flex-col gap-2" aria-hidden>
          <div className="h-3 w-3/4 animate-pulse rounded bg-surface-sunken" />
          <div className="h-3 w-1/2 animate-pulse rounded bg-surface-sunken" />
        </div>
      ) : null}
      {running && <span className="sr-only">The assistant is answering…</span>}

      {answer.state === "stopped" && <p className="text-xs text-ink-muted">Stopped.</p>}
      {answer.problem &&
        (answer.problem.limit ? (
          <LimitNotice slug={slug} role={role} message={answer.problem.message} plan={answer.problem.limit.plan} />
        ) : (
          <Alert>{answer.problem.message}</Alert>
        ))}

      <Citations slug={slug} citations={answer.citations} />

      {readAloud.supported && answer.text && !running && (
        <button
          type="button"
          onClick={() => readAloud.toggle(answer.key, spokenText(answer.text))}
          className="inline-flex items-center gap-1.5 self-start rounded px-1.5 py-1 text-xs font-medium text-ink-muted hover:bg-surface-sunken hover:text-ink"
        >
          <Icon name="speaker" className="size-4" />
          {speakingThis ? "Stop reading" : "Read aloud"}
        </button>
      )}
    </article>
  );
}
