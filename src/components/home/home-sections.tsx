import clsx from "clsx";
import Link from "next/link";
import { createFormatter, type FormatSettings, type Formatter } from "@/lib/format";
import type { HomeItem, HomeListSection, HomePipelineSection, HomeSection } from "@/server/modules/home-types";
import { Card, EmptyState } from "../ui/card";
import { MetricCards } from "./metric-cards";

/*
 * The home page's sections, drawn from the generic shapes modules contribute
 * (src/server/modules/home-types.ts). Server components: the data and the dates are in
 * the HTML. Links are paths under the tenant, prefixed with its address here.
 */

type Props = { section: HomeSection; base: string; settings: FormatSettings; now: Date };

export function HomeSectionCard({ section, base, settings, now }: Props) {
  const format = createFormatter(settings);
  const more = section.more ? (
    <Link href={`${base}${section.more.href}`} className="inline-flex min-h-6 items-center text-sm font-medium text-brand-700 hover:underline">
      {section.more.label}
    </Link>
  ) : undefined;
  return (
    <Card title={section.title} action={more}>
      <div className="flex flex-col gap-3">
        {section.description && <p className="text-xs text-ink-muted">{section.description}</p>}
        {section.kind === "list" ? (
          <ListBody section={section} base={base} format={format} now={now} />
        ) : section.kind === "pipeline" ? (
          <PipelineBody section={section} format={format} />
        ) : (
          <MetricCards metrics={section.metrics} base={base} format={format} label={section.title} />
        )}
      </div>
    </Card>
  );
}

function when(item: HomeItem, format: Formatter, now: Date): string | null {
  if (!item.at) return null;
  if (item.atStyle === "relative") return format.relative(item.at, now);
  if (item.atStyle === "date") return format.date(item.at);
  return format.due(item.at, now);
}

function ListBody({ section, base, format, now }: { section: HomeListSection; base: string; format: Formatter; now: Date }) {
  const groups = section.groups.filter((g) => g.items.length > 0);
  if (groups.length === 0) return <EmptyState title={section.empty} />;
  return (
    <div className="flex flex-col gap-4">
      {groups.map((group) => (
        <div key={group.id}>
          {group.label && (
            <h3 className={clsx("mb-1 text-xs font-semibold uppercase tracking-wide", group.tone === "danger" ? "text-danger-700" : "text-ink-muted")}>
              {group.label} <span className="font-normal">({format.number(group.total)})</span>
            </h3>
          )}
          <ul className="divide-y divide-gray-100">
            {group.items.map((item) => {
              const at = when(item, format, now);
              return (
                <li key={item.id} className="flex items-start justify-between gap-3 py-2">
                  <div className="min-w-0">
                    {item.href ? (
                      <Link href={`${base}${item.href}`} className="block truncate text-sm font-medium text-ink hover:underline">
                        {item.title}
                      </Link>
                    ) : (
                      <p className="truncate text-sm font-medium text-ink">{item.title}</p>
                    )}
                    {item.detail && <p className="truncate text-xs text-ink-muted">{item.detail}</p>}
                  </div>
                  {at && item.at && (
                    <time dateTime={item.at.toISOString()} title={format.dateTimeFull(item.at)} className={clsx("shrink-0 whitespace-nowrap text-xs", item.tone === "danger" ? "font-medium text-danger-700" : "text-ink-muted")}>
                      {at}
                    </time>
                  )}
                </li>
              );
            })}
          </ul>
          {group.total > group.items.length && <p className="mt-1 text-xs text-ink-muted">and {format.number(group.total - group.items.length)} more</p>}
        </div>
      ))}
    </div>
  );
}

function PipelineBody({ section, format }: { section: HomePipelineSection; format: Formatter }) {
  if (section.groups.length === 0) return <EmptyState title={section.empty} />;
  const several = section.groups.length > 1;
  return (
    <div className="flex flex-col gap-4">
      {several && (
        <p className="rounded-lg bg-surface-muted px-3 py-2 text-xs text-ink-muted">
          Your deals are in {section.groups.length} currencies. Each currency is totalled on its own: amounts in different currencies are never added together.
        </p>
      )}
      {section.groups.map((group) => (
        <table key={group.currency} className="w-full text-sm">
          <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
            {group.currency}
            {group.currency === section.baseCurrency ? " · organization's currency" : " · other currency"}
          </caption>
          <thead>
            <tr className="text-left text-xs text-ink-muted">
              <th scope="col" className="py-1 font-medium">Stage</th>
              <th scope="col" className="py-1 text-right font-medium">Deals</th>
              <th scope="col" className="py-1 text-right font-medium">Amount</th>
              <th scope="col" className="py-1 text-right font-medium">Weighted</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {group.stages.map((stage) => (
              <tr key={stage.id}>
                <th scope="row" className="py-1.5 text-left font-normal text-ink">
                  {stage.name} <span className="text-xs text-ink-muted">({format.number(stage.probability)}%)</span>
                </th>
                <td className="py-1.5 text-right tabular-nums text-ink">{format.number(stage.count)}</td>
                <td className="py-1.5 text-right tabular-nums text-ink">{format.money(stage.amountMinor, group.currency)}</td>
                <td className="py-1.5 text-right tabular-nums text-ink">{format.money(stage.weightedMinor, group.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-gray-200 font-semibold">
              <th scope="row" className="py-1.5 text-left text-ink">Total</th>
              <td className="py-1.5 text-right tabular-nums text-ink">{format.number(group.count)}</td>
              <td className="py-1.5 text-right tabular-nums text-ink">{format.money(group.amountMinor, group.currency)}</td>
              <td className="py-1.5 text-right tabular-nums text-ink">{format.money(group.weightedMinor, group.currency)}</td>
            </tr>
          </tfoot>
        </table>
      ))}
    </div>
  );
}
