export function AccountNotFound() {
  return (
    <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Account not found</h1>
      <p className="text-sm text-ink-muted">This account does not exist: it may have been deleted from the chart of accounts.</p>
    </section>
  );
}
