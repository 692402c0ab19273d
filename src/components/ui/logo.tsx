export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight text-ink ${className}`}>
      <svg viewBox="0 0 24 24" className="size-6 text-brand-600" aria-hidden>
        <circle cx="6" cy="6" r="3" fill="currentColor" />
        <circle cx="18" cy="8" r="3" fill="currentColor" opacity=".7" />
        <circle cx="10" cy="18" r="3" fill="currentColor" opacity=".85" />
        <path d="M6 6 18 8 10 18Z" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      NeuroOps
    </span>
  );
}
