import clsx from "clsx";

export function Alert({ tone = "error", children }: { tone?: "error" | "success" | "info"; children: React.ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={clsx(
        "rounded-lg border px-3 py-2 text-sm",
        tone === "error" && "border-danger-600/30 bg-danger-50 text-danger-700",
        tone === "success" && "border-success-700/30 bg-success-50 text-success-700",
        tone === "info" && "border-brand-200 bg-brand-50 text-brand-800",
      )}
    >
      {children}
    </div>
  );
}
