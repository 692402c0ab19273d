import clsx from "clsx";
import { forwardRef, useId } from "react";

type FrameProps = {
  label: string;
  error?: string;
  hint?: React.ReactNode;
  id?: string;
  className?: string;
  /** Renders the control with the id and aria attributes that tie it to its label, hint and error. */
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string; className: string }) => React.ReactNode;
};

const CONTROL_CLASS = "w-full min-w-0 rounded-lg border bg-white px-3 py-2 text-sm text-ink shadow-sm disabled:bg-surface-muted disabled:text-ink-faint";

/** Label, control, hint and an announced error, wired together for assistive technology. */
function FieldFrame({ label, error, hint, id, className, children }: FrameProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={controlId} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children({
        id: controlId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        className: clsx(CONTROL_CLASS, error ? "border-danger-600" : "border-gray-300 focus:border-brand-500"),
      })}
      {hint && !error && (
        <p id={hintId} className="text-xs text-ink-faint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger-700">
          {error}
        </p>
      )}
    </div>
  );
}

type FieldOwnProps = { label: string; error?: string; hint?: React.ReactNode };

/** A labelled input whose error is tied to it (aria-describedby) and announced. */
export const TextField = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement> & FieldOwnProps>(function TextField(
  { label, error, hint, id, className, ...rest },
  ref,
) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} className={className}>
      {(control) => <input ref={ref} {...control} className={clsx(control.className, "placeholder:text-ink-faint")} {...rest} />}
    </FieldFrame>
  );
});

/** A labelled <select>, wired like TextField. */
export const SelectField = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement> & FieldOwnProps>(function SelectField(
  { label, error, hint, id, className, children, ...rest },
  ref,
) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} className={className}>
      {(control) => (
        <select ref={ref} {...control} {...rest}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
});
