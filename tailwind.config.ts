import type { Config } from "tailwindcss";

/** NeuroOps theme: one brand hue, neutral surfaces, the system font stack (no web fonts). */
const config: Config = {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef4ff",
          100: "#dae6ff",
          200: "#bdd3ff",
          300: "#90b6ff",
          400: "#5c8dfd",
          500: "#3766f8",
          600: "#2147ed",
          700: "#1a36d4",
          800: "#1c2fac",
          900: "#1d2e88",
        },
        surface: { DEFAULT: "#ffffff", muted: "#f6f7f9", sunken: "#eef0f3" },
        // faint ≥ 4.5:1 on every light surface and tint (sunken, brand-50/100, gray-200), not only on white (#6b7280 was 4.34:1 on the board).
        ink: { DEFAULT: "#111827", muted: "#4b5563", faint: "#5f6673" },
        danger: { 50: "#fef2f2", 600: "#dc2626", 700: "#b91c1c" },
        success: { 50: "#f0fdf4", 700: "#15803d" },
      },
      fontFamily: {
        sans: [
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "Helvetica Neue",
          "Arial",
          "Noto Sans",
          "sans-serif",
        ],
      },
      borderRadius: { card: "0.75rem" },
    },
  },
};

export default config;
