"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

/*
 * Voice in the chat through the browser's Web Speech API: dictation
 * (SpeechRecognition, prefixed webkitSpeechRecognition in Chromium and Safari) and reading
 * answers aloud (speechSynthesis). Typed here, minimally: TypeScript's DOM library has
 * speechSynthesis but not SpeechRecognition. Each control is hidden where the browser has
 * no such API (decided after hydration: the server cannot know).
 */

type RecognitionAlternative = { transcript: string };
type RecognitionResult = { isFinal: boolean; length: number; [index: number]: RecognitionAlternative | undefined };
type RecognitionEvent = { resultIndex: number; results: { length: number; [index: number]: RecognitionResult | undefined } };
type RecognitionErrorEvent = { error: string };

type Recognition = {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: RecognitionEvent) => void) | null;
  onerror: ((event: RecognitionErrorEvent) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
};

type RecognitionConstructor = new () => Recognition;

function recognitionConstructor(): RecognitionConstructor | null {
  if (typeof window === "undefined") return null;
  const speechWindow = window as Window & { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return speechWindow.SpeechRecognition ?? speechWindow.webkitSpeechRecognition ?? null;
}

const noSubscription = () => () => undefined;

/** Whether the browser has `probe` (false on the server and during hydration). */
function useBrowserHas(probe: () => boolean): boolean {
  return useSyncExternalStore(noSubscription, probe, () => false);
}

const hasRecognition = () => recognitionConstructor() !== null;
const hasSynthesis = () => typeof window !== "undefined" && "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined";

const RECOGNITION_ERRORS: Record<string, string> = {
  "not-allowed": "The browser was not allowed to use the microphone.",
  "service-not-allowed": "The browser was not allowed to use the microphone.",
  "no-speech": "No speech was heard. Try again closer to the microphone.",
  "audio-capture": "No microphone was found.",
  network: "Speech recognition needs a network connection in this browser.",
};

/**
 * Dictation: `start` listens and calls `onText` with what was said so far (final words and
 * the current guess), `stop` ends it. `supported` is false where the browser has no API.
 */
export function useDictation(onText: (spoken: string) => void) {
  const supported = useBrowserHas(hasRecognition);
  const [listening, setListening] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const recognitionRef = useRef<Recognition | null>(null);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => () => recognitionRef.current?.abort(), []);

  const start = useCallback(() => {
    const Constructor = recognitionConstructor();
    if (!Constructor || recognitionRef.current) return;
    const recognition = new Constructor();
    recognition.lang = document.documentElement.lang || navigator.language || "en-US";
    recognition.continuous = false;
    recognition.interimResults = true;
    recognition.onresult = (event) => {
      let spoken = "";
      for (let i = 0; i < event.results.length; i += 1) spoken += event.results[i]?.[0]?.transcript ?? "";
      onTextRef.current(spoken.trim());
    };
    recognition.onerror = (event) => setProblem(RECOGNITION_ERRORS[event.error] ?? (event.error === "aborted" ? null : "Speech could not be recognised."));
    recognition.onend = () => {
      recognitionRef.current = null;
      setListening(false);
    };
    recognitionRef.current = recognition;
    setProblem(null);
    setListening(true);
    try {
      recognition.start();
    } catch {
      recognitionRef.current = null;
      setListening(false);
      setProblem("Speech recognition could not start.");
    }
  }, []);

  const stop = useCallback(() => recognitionRef.current?.stop(), []);

  return { supported, listening, problem, start, stop };
}

/**
 * Reading aloud, one answer at a time: `toggle(key, text)` starts reading it (stopping any
 * other) or, pressed again on the same answer, stops. `speaking` is the key being read.
 */
export function useReadAloud() {
  const supported = useBrowserHas(hasSynthesis);
  const [speaking, setSpeaking] = useState<string | null>(null);

  useEffect(() => () => {
    if (hasSynthesis()) window.speechSynthesis.cancel();
  }, []);

  const toggle = useCallback(
    (key: string, text: string) => {
      if (!hasSynthesis()) return;
      const synthesis = window.speechSynthesis;
      synthesis.cancel();
      if (speaking === key) {
        setSpeaking(null);
        return;
      }
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || navigator.language || "en-US";
      const finish = () => setSpeaking((current) => (current === key ? null : current));
      utterance.onend = finish;
      utterance.onerror = finish;
      setSpeaking(key);
      synthesis.speak(utterance);
    },
    [speaking],
  );

  return { supported, speaking, toggle };
}
