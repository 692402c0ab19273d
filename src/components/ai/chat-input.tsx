"use client";

import clsx from "clsx";
import { useId, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { useDictation } from "./speech";

/** As POST /api/ai/chat takes. */
const MAX_QUESTION = 4_000;

/**
 * The question box: Enter sends, Shift+Enter starts a new line; while an answer streams,
 * Stop takes Send's place. The microphone (where the browser has speech recognition)
 * fills the box with what is said, after what was already typed.
 */
export function ChatInput({ busy, disabled, onSend, onStop, autoFocus = false }: { busy: boolean; disabled?: boolean; onSend: (text: string) => void; onStop: () => void; autoFocus?: boolean }) {
  const inputId = useId();
  const hintId = useId();
  const [text, setText] = useState("");
  const typedBefore = useRef("");
  const dictation = useDictation((spoken) => setText(`${typedBefore.current}${typedBefore.current && spoken ? " " : ""}${spoken}`.slice(0, MAX_QUESTION)));

  const submit = () => {
    if (busy || disabled || !text.trim()) return;
    if (dictation.listening) dictation.stop();
    onSend(text);
    setText("");
  };

  return (
    <form
      className="flex flex-col gap-1.5"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Your question
      </label>
      <div className="flex items-end gap-2 rounded-card border border-gray-300 bg-white p-2 shadow-sm focus-within:border-brand-500">
        <textarea
          id={inputId}
          value={text}
          rows={2}
          maxLength={MAX_QUESTION}
          disabled={disabled}
          autoFocus={autoFocus}
          aria-describedby={hintId}
          placeholder="Ask about your documents, deals, invoices, stock…"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          className="max-h-40 min-h-10 w-full min-w-0 flex-1 resize-y border-0 bg-transparent px-1 py-1 text-sm text-ink placeholder:text-ink-faint focus:outline-none"
        />
        {dictation.supported && (
          <button
            type="button"
            disabled={disabled}
            aria-pressed={dictation.listening}
            aria-label="Dictate the question"
            onClick={() => {
              if (dictation.listening) return dictation.stop();
              typedBefore.current = text.trim();
              dictation.start();
            }}
            className={clsx(
              "shrink-0 rounded-lg p-2",
              dictation.listening ? "bg-danger-50 text-danger-700 ring-2 ring-danger-600/40" : "text-ink-muted hover:bg-surface-sunken hover:text-ink",
            )}
          >
            <Icon name="microphone" />
          </button>
        )}
        {busy ? (
          <Button type="button" variant="secondary" className="shrink-0" onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" className="shrink-0" disabled={disabled || !text.trim()} aria-label="Send">
            <Icon name="send" className="size-4" />
            <span className="hidden sm:inline">Send</span>
          </Button>
        )}
      </div>
      <p id={hintId} className={clsx("text-xs", dictation.problem ? "text-danger-700" : "text-ink-faint")} aria-live="polite">
        {dictation.problem ?? (dictation.listening ? "Listening… press the microphone again to stop." : "Enter sends, Shift+Enter starts a new line.")}
      </p>
    </form>
  );
}
